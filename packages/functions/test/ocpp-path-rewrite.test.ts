import { describe, expect, it } from 'vitest';
import { loadViewerRequestFunction } from '../../local/src/edge-function.ts';

const rewrite = loadViewerRequestFunction();
const request = (uri: string) => ({ method: 'GET', uri, querystring: {}, headers: {} });

describe('CloudFront viewer-request function (path → query string)', () => {
  it('moves tenant and charger identity into the query string', () => {
    expect(rewrite(request('/ocpp/tabc/CP-1'))).toMatchObject({
      uri: '/',
      querystring: { tenantId: { value: 'tabc' }, chargePointId: { value: 'CP-1' } },
    });
  });

  it('decodes a percent-encoded identity', () => {
    expect(rewrite(request('/ocpp/tabc/CP%2E1'))).toMatchObject({
      querystring: { chargePointId: { value: 'CP.1' } },
    });
  });

  it.each(['/', '/ocpp', '/ocpp/tabc', '/ocpp/tabc/CP-1/extra', '/other/tabc/CP-1', '/ocpp/t%20x/CP'])(
    'answers 404 for %s',
    (uri) => {
      expect(rewrite(request(uri))).toEqual({ statusCode: 404, statusDescription: 'Not Found' });
    },
  );

  it('answers 400 for a malformed percent-encoding', () => {
    expect(rewrite(request('/ocpp/tabc/CP%E0%A4%A'))).toMatchObject({ statusCode: 400 });
  });
});
