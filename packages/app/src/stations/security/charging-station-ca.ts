import type { ParsedCsr } from './x509.ts';

/**
 * The port between the use cases and whatever holds each tenant's charging-station CA (OCPP 2.0.1 block A,
 * security profile 3). The use cases validate a charger's CSR and decide whether to sign it; the CA only signs.
 * Locally (and on AWS until a managed CA is wired in) the runtime keeps the key itself, encrypted at rest
 * (`packages/functions/src/adapters/charging-station-ca.ts`); an AWS Private CA or KMS-signing adapter
 * implements the same two methods (see docs/ocpp201.md, "Certificates").
 */
export interface ChargingStationCa {
  /**
   * The tenant's CA certificate (PEM), the trust anchor operators install where chargers' TLS certificates are
   * checked. The CA (key pair and self-signed certificate) is created on first need.
   */
  caCertificate(tenantId: string): Promise<string>;
  /**
   * Signs a charging station certificate for a CSR the caller has already checked (signature, subject). The CA
   * picks the serial number and may end the validity earlier, never later than its own.
   */
  issue(tenantId: string, request: CertificateIssue): Promise<IssuedChain>;
}

export interface CertificateIssue {
  /** The CSR as the charger sent it, for a CA that takes CSRs whole (AWS Private CA `IssueCertificate`). */
  readonly csrPem: string;
  /** The same CSR, parsed and verified, for a CA that builds the certificate itself. */
  readonly csr: ParsedCsr;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface IssuedChain {
  readonly certificatePem: string;
  /** The CA certificates above it, from its issuer up to the root (here: the tenant's CA alone). */
  readonly caCertificatesPem: readonly string[];
}
