export * from './availability.ts';
export * from './capacity.ts';
export * from './charge-points.ts';
export * from './charging-profiles.ts';
export * from './client.ts';
export * from './complaints.ts';
export * from './create-table.ts';
export * from './customers.ts';
export * from './discount-codes.ts';
export * from './document-lists.ts';
export * from './documents.ts';
export * from './firmware.ts';
export * from './id-tokens.ts';
export * from './idempotency.ts';
export * from './keys.ts';
export * from './ledger.ts';
export {
  addTariffVersion,
  adjustOutstandingDebt,
  allDocumentHeaders,
  allTenantIds,
  appendFirmwareStatusReport,
  appendMeterSamples,
  archiveTariff,
  assignmentsOfScopes,
  attachDiscountCode,
  attachVoucher,
  changeAssignment,
  claimCallSlot,
  claimDebtCollection,
  claimIdempotencyKey,
  claimStripeEvent,
  completeIdempotencyKey,
  completeSession,
  configureChargePoint,
  connectorSessionId,
  connectorState,
  createComplaint,
  createCustomer,
  createDiscountCode,
  createIdToken,
  createOrphanSession,
  createReservation,
  createSession,
  createSite,
  createTariff,
  createTenantWithApiKey,
  customerStatuses,
  decideComplaint,
  decommissionChargePoint,
  deleteChargingProfile,
  deleteDriver,
  deleteSite,
  finaliseDocument,
  findReservationByNumber,
  firmwareHistory,
  flagSession,
  forfeitVoucher,
  getApiKey,
  getAssignment,
  getAvailabilityIntent,
  getChargePoint,
  getChargingProfile,
  getComplaint,
  getCustomer,
  getDiscountCode,
  getDiscountCodes,
  getDocument,
  getDocumentHeader,
  getDriver,
  getIdToken,
  getLedgerTransaction,
  getLocalListState,
  getReservation,
  getSession,
  getSessionFunding,
  getSite,
  getTariff,
  getTenant,
  getTermsDocument,
  getVoucher,
  getVouchers,
  getWallet,
  issueVoucher,
  keepLifecycleToken,
  lifecycleStepsOf,
  listAllDrivers,
  listAllIdTokens,
  listAllIdTokensOfCustomer,
  listAllTermsDocuments,
  listApiKeys,
  listAssignments,
  listChargePoints,
  listChargingProfiles,
  listComplaints,
  listCustomers,
  listDocuments,
  listDrivers,
  listExpiredVouchers,
  listIdTokens,
  listLedgerTransactions,
  listLocalListStates,
  listReservations,
  listSessions,
  listSites,
  listTariffs,
  listTenantEvents,
  listTermsDocuments,
  markCardFailing,
  markDocumentPaid,
  markNeedsReview,
  markTenantEmailVerified,
  meterSamplesOf,
  nextReservationNumber,
  nextTransactionId,
  postLedgerTransaction,
  publishTermsDocument,
  putApiKey,
  putChargingProfile,
  putDriver,
  putFirmwareRequest,
  readCallReply,
  recordAvailabilityAttempt,
  recordBoot,
  recordCallReply,
  recordConnected,
  recordConnectorStatus,
  recordDisconnected,
  recordFirmwareStatus,
  recordLifecycleStep,
  recordLocalListOutcome,
  recordPayoutAccount,
  recordProviderCustomer,
  recordSessionFunding,
  recordSessionStatus,
  recordTenantEvent,
  registerChargePoint,
  releaseCallSlot,
  releaseDebtCollection,
  releaseIdempotencyKey,
  releaseStripeEvent,
  replaceDriver,
  revokeApiKey,
  saveAvailabilityIntent,
  saveCard,
  saveLocalListLimits,
  saveTenantSettings,
  sessionIdOfTransaction,
  sessionStatusesOf,
  setChargePointPassword,
  setCreditLimit,
  setDiscountCodeStatus,
  takeLifecycleToken,
  takeRateLimitToken,
  transactionOwner,
  updateCustomer,
  updateIdToken,
  updateReservation,
  updateSite,
} from './legacy.ts';
export * from './local-auth-lists.ts';
export * from './pagination.ts';
export * from './partition.ts';
export * from './pending-calls.ts';
export * from './query-page.ts';
export * from './rate-limits.ts';
export * from './repositories.ts';
export * from './reservations.ts';
export * from './session-funding.ts';
export * from './session-lifecycle.ts';
export * from './session-statuses.ts';
export * from './sessions.ts';
export * from './sites.ts';
export * from './stripe-events.ts';
export * from './table.ts';
export * from './tariff-assignments.ts';
export * from './tariffs.ts';
export * from './tenant-events.ts';
export * from './tenants.ts';
export * from './terms.ts';
export * from './vouchers.ts';
export * from './wallets.ts';
export * from './write-set.ts';
