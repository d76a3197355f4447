// CloudFront Function (runtime cloudfront-js-2.0, viewer-request) in front of the API Gateway WebSocket API.
// OCPP-J puts the charger identity in the URL path, but an API Gateway WebSocket URL has no path beyond the
// stage, so the path /ocpp/{tenantId}/{chargePointId} is rewritten into the query string, which API Gateway
// hands to the authorizer and $connect. The local gateway evaluates this very file, so both behave alike.
// Plain ES5-style JavaScript on purpose: CloudFront Functions are not modules and have no npm.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls handler by name.
function handler(event) {
  var request = event.request;
  var match = /^\/ocpp\/([A-Za-z0-9_-]{1,64})\/([^/]{1,128})\/?$/.exec(request.uri);
  if (!match) {
    return { statusCode: 404, statusDescription: 'Not Found' };
  }
  var chargePointId;
  try {
    chargePointId = decodeURIComponent(match[2]);
  } catch (_malformed) {
    return { statusCode: 400, statusDescription: 'Bad Request' };
  }
  request.uri = '/';
  request.querystring = {
    tenantId: { value: match[1] },
    chargePointId: { value: chargePointId },
  };
  return request;
}
