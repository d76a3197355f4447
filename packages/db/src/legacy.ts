import { recordConsumedCapacity } from './capacity.ts';
import { createRepositories, type Repositories } from './repositories.ts';

// TRANSITIONAL: the repositories bound to a process-wide table named by TABLE_NAME, under the old function
// names, for callers not yet given their repositories as dependencies. Removed once none is left.
let repositories: Repositories | undefined;

function call(repository: keyof Repositories, method: string, args: unknown[]): unknown {
  repositories ??= createRepositories({
    tableName: process.env.TABLE_NAME ?? '',
    onConsumedCapacity: recordConsumedCapacity,
  });
  const target = repositories[repository] as unknown as Record<string, (...a: unknown[]) => unknown>;
  return target[method]!(...args);
}

export const saveAvailabilityIntent = ((...args: unknown[]) =>
  call(
    'availability',
    'saveAvailabilityIntent',
    args,
  )) as Repositories['availability']['saveAvailabilityIntent'];
export const getAvailabilityIntent = ((...args: unknown[]) =>
  call(
    'availability',
    'getAvailabilityIntent',
    args,
  )) as Repositories['availability']['getAvailabilityIntent'];
export const recordAvailabilityAttempt = ((...args: unknown[]) =>
  call(
    'availability',
    'recordAvailabilityAttempt',
    args,
  )) as Repositories['availability']['recordAvailabilityAttempt'];
export const registerChargePoint = ((...args: unknown[]) =>
  call('chargePoints', 'registerChargePoint', args)) as Repositories['chargePoints']['registerChargePoint'];
export const getChargePoint = ((...args: unknown[]) =>
  call('chargePoints', 'getChargePoint', args)) as Repositories['chargePoints']['getChargePoint'];
export const recordConnected = ((...args: unknown[]) =>
  call('chargePoints', 'recordConnected', args)) as Repositories['chargePoints']['recordConnected'];
export const recordDisconnected = ((...args: unknown[]) =>
  call('chargePoints', 'recordDisconnected', args)) as Repositories['chargePoints']['recordDisconnected'];
export const recordBoot = ((...args: unknown[]) =>
  call('chargePoints', 'recordBoot', args)) as Repositories['chargePoints']['recordBoot'];
export const recordConnectorStatus = ((...args: unknown[]) =>
  call(
    'chargePoints',
    'recordConnectorStatus',
    args,
  )) as Repositories['chargePoints']['recordConnectorStatus'];
export const configureChargePoint = ((...args: unknown[]) =>
  call('chargePoints', 'configureChargePoint', args)) as Repositories['chargePoints']['configureChargePoint'];
export const setChargePointPassword = ((...args: unknown[]) =>
  call(
    'chargePoints',
    'setChargePointPassword',
    args,
  )) as Repositories['chargePoints']['setChargePointPassword'];
export const decommissionChargePoint = ((...args: unknown[]) =>
  call(
    'chargePoints',
    'decommissionChargePoint',
    args,
  )) as Repositories['chargePoints']['decommissionChargePoint'];
export const listChargePoints = ((...args: unknown[]) =>
  call('chargePoints', 'listChargePoints', args)) as Repositories['chargePoints']['listChargePoints'];
export const recordFirmwareStatus = ((...args: unknown[]) =>
  call('chargePoints', 'recordFirmwareStatus', args)) as Repositories['chargePoints']['recordFirmwareStatus'];
export const putChargingProfile = ((...args: unknown[]) =>
  call(
    'chargingProfiles',
    'putChargingProfile',
    args,
  )) as Repositories['chargingProfiles']['putChargingProfile'];
export const getChargingProfile = ((...args: unknown[]) =>
  call(
    'chargingProfiles',
    'getChargingProfile',
    args,
  )) as Repositories['chargingProfiles']['getChargingProfile'];
export const deleteChargingProfile = ((...args: unknown[]) =>
  call(
    'chargingProfiles',
    'deleteChargingProfile',
    args,
  )) as Repositories['chargingProfiles']['deleteChargingProfile'];
export const listChargingProfiles = ((...args: unknown[]) =>
  call(
    'chargingProfiles',
    'listChargingProfiles',
    args,
  )) as Repositories['chargingProfiles']['listChargingProfiles'];
export const createComplaint = ((...args: unknown[]) =>
  call('complaints', 'createComplaint', args)) as Repositories['complaints']['createComplaint'];
export const getComplaint = ((...args: unknown[]) =>
  call('complaints', 'getComplaint', args)) as Repositories['complaints']['getComplaint'];
export const decideComplaint = ((...args: unknown[]) =>
  call('complaints', 'decideComplaint', args)) as Repositories['complaints']['decideComplaint'];
export const listComplaints = ((...args: unknown[]) =>
  call('complaints', 'listComplaints', args)) as Repositories['complaints']['listComplaints'];
export const createCustomer = ((...args: unknown[]) =>
  call('customers', 'createCustomer', args)) as Repositories['customers']['createCustomer'];
export const getCustomer = ((...args: unknown[]) =>
  call('customers', 'getCustomer', args)) as Repositories['customers']['getCustomer'];
export const listCustomers = ((...args: unknown[]) =>
  call('customers', 'listCustomers', args)) as Repositories['customers']['listCustomers'];
export const updateCustomer = ((...args: unknown[]) =>
  call('customers', 'updateCustomer', args)) as Repositories['customers']['updateCustomer'];
export const adjustOutstandingDebt = ((...args: unknown[]) =>
  call('customers', 'adjustOutstandingDebt', args)) as Repositories['customers']['adjustOutstandingDebt'];
export const putDriver = ((...args: unknown[]) =>
  call('customers', 'putDriver', args)) as Repositories['customers']['putDriver'];
export const replaceDriver = ((...args: unknown[]) =>
  call('customers', 'replaceDriver', args)) as Repositories['customers']['replaceDriver'];
export const getDriver = ((...args: unknown[]) =>
  call('customers', 'getDriver', args)) as Repositories['customers']['getDriver'];
export const listDrivers = ((...args: unknown[]) =>
  call('customers', 'listDrivers', args)) as Repositories['customers']['listDrivers'];
export const listAllDrivers = ((...args: unknown[]) =>
  call('customers', 'listAllDrivers', args)) as Repositories['customers']['listAllDrivers'];
export const deleteDriver = ((...args: unknown[]) =>
  call('customers', 'deleteDriver', args)) as Repositories['customers']['deleteDriver'];
export const createDiscountCode = ((...args: unknown[]) =>
  call('discountCodes', 'createDiscountCode', args)) as Repositories['discountCodes']['createDiscountCode'];
export const getDiscountCode = ((...args: unknown[]) =>
  call('discountCodes', 'getDiscountCode', args)) as Repositories['discountCodes']['getDiscountCode'];
export const getDiscountCodes = ((...args: unknown[]) =>
  call('discountCodes', 'getDiscountCodes', args)) as Repositories['discountCodes']['getDiscountCodes'];
export const setDiscountCodeStatus = ((...args: unknown[]) =>
  call(
    'discountCodes',
    'setDiscountCodeStatus',
    args,
  )) as Repositories['discountCodes']['setDiscountCodeStatus'];
export const listDocuments = ((...args: unknown[]) =>
  call('documentLists', 'listDocuments', args)) as Repositories['documentLists']['listDocuments'];
export const allDocumentHeaders = ((...args: unknown[]) =>
  call('documentLists', 'allDocumentHeaders', args)) as Repositories['documentLists']['allDocumentHeaders'];
export const finaliseDocument = ((...args: unknown[]) =>
  call('documents', 'finaliseDocument', args)) as Repositories['documents']['finaliseDocument'];
export const getDocument = ((...args: unknown[]) =>
  call('documents', 'getDocument', args)) as Repositories['documents']['getDocument'];
export const getDocumentHeader = ((...args: unknown[]) =>
  call('documents', 'getDocumentHeader', args)) as Repositories['documents']['getDocumentHeader'];
export const markDocumentPaid = ((...args: unknown[]) =>
  call('documents', 'markDocumentPaid', args)) as Repositories['documents']['markDocumentPaid'];
export const putFirmwareRequest = ((...args: unknown[]) =>
  call('firmware', 'putFirmwareRequest', args)) as Repositories['firmware']['putFirmwareRequest'];
export const appendFirmwareStatusReport = ((...args: unknown[]) =>
  call(
    'firmware',
    'appendFirmwareStatusReport',
    args,
  )) as Repositories['firmware']['appendFirmwareStatusReport'];
export const firmwareHistory = ((...args: unknown[]) =>
  call('firmware', 'firmwareHistory', args)) as Repositories['firmware']['firmwareHistory'];
export const createIdToken = ((...args: unknown[]) =>
  call('idTokens', 'createIdToken', args)) as Repositories['idTokens']['createIdToken'];
export const getIdToken = ((...args: unknown[]) =>
  call('idTokens', 'getIdToken', args)) as Repositories['idTokens']['getIdToken'];
export const updateIdToken = ((...args: unknown[]) =>
  call('idTokens', 'updateIdToken', args)) as Repositories['idTokens']['updateIdToken'];
export const listIdTokens = ((...args: unknown[]) =>
  call('idTokens', 'listIdTokens', args)) as Repositories['idTokens']['listIdTokens'];
export const listAllIdTokensOfCustomer = ((...args: unknown[]) =>
  call(
    'idTokens',
    'listAllIdTokensOfCustomer',
    args,
  )) as Repositories['idTokens']['listAllIdTokensOfCustomer'];
export const claimIdempotencyKey = ((...args: unknown[]) =>
  call('idempotency', 'claimIdempotencyKey', args)) as Repositories['idempotency']['claimIdempotencyKey'];
export const completeIdempotencyKey = ((...args: unknown[]) =>
  call(
    'idempotency',
    'completeIdempotencyKey',
    args,
  )) as Repositories['idempotency']['completeIdempotencyKey'];
export const releaseIdempotencyKey = ((...args: unknown[]) =>
  call('idempotency', 'releaseIdempotencyKey', args)) as Repositories['idempotency']['releaseIdempotencyKey'];
export const postLedgerTransaction = ((...args: unknown[]) =>
  call('ledger', 'postLedgerTransaction', args)) as Repositories['ledger']['postLedgerTransaction'];
export const getLedgerTransaction = ((...args: unknown[]) =>
  call('ledger', 'getLedgerTransaction', args)) as Repositories['ledger']['getLedgerTransaction'];
export const listLedgerTransactions = ((...args: unknown[]) =>
  call('ledger', 'listLedgerTransactions', args)) as Repositories['ledger']['listLedgerTransactions'];
export const getLocalListState = ((...args: unknown[]) =>
  call('localAuthLists', 'getLocalListState', args)) as Repositories['localAuthLists']['getLocalListState'];
export const listLocalListStates = ((...args: unknown[]) =>
  call(
    'localAuthLists',
    'listLocalListStates',
    args,
  )) as Repositories['localAuthLists']['listLocalListStates'];
export const recordLocalListOutcome = ((...args: unknown[]) =>
  call(
    'localAuthLists',
    'recordLocalListOutcome',
    args,
  )) as Repositories['localAuthLists']['recordLocalListOutcome'];
export const saveLocalListLimits = ((...args: unknown[]) =>
  call(
    'localAuthLists',
    'saveLocalListLimits',
    args,
  )) as Repositories['localAuthLists']['saveLocalListLimits'];
export const listAllIdTokens = ((...args: unknown[]) =>
  call('localAuthLists', 'listAllIdTokens', args)) as Repositories['localAuthLists']['listAllIdTokens'];
export const customerStatuses = ((...args: unknown[]) =>
  call('localAuthLists', 'customerStatuses', args)) as Repositories['localAuthLists']['customerStatuses'];
export const claimCallSlot = ((...args: unknown[]) =>
  call('pendingCalls', 'claimCallSlot', args)) as Repositories['pendingCalls']['claimCallSlot'];
export const recordCallReply = ((...args: unknown[]) =>
  call('pendingCalls', 'recordCallReply', args)) as Repositories['pendingCalls']['recordCallReply'];
export const readCallReply = ((...args: unknown[]) =>
  call('pendingCalls', 'readCallReply', args)) as Repositories['pendingCalls']['readCallReply'];
export const releaseCallSlot = ((...args: unknown[]) =>
  call('pendingCalls', 'releaseCallSlot', args)) as Repositories['pendingCalls']['releaseCallSlot'];
export const takeRateLimitToken = ((...args: unknown[]) =>
  call('rateLimits', 'takeRateLimitToken', args)) as Repositories['rateLimits']['takeRateLimitToken'];
export const nextReservationNumber = ((...args: unknown[]) =>
  call(
    'reservations',
    'nextReservationNumber',
    args,
  )) as Repositories['reservations']['nextReservationNumber'];
export const createReservation = ((...args: unknown[]) =>
  call('reservations', 'createReservation', args)) as Repositories['reservations']['createReservation'];
export const getReservation = ((...args: unknown[]) =>
  call('reservations', 'getReservation', args)) as Repositories['reservations']['getReservation'];
export const findReservationByNumber = ((...args: unknown[]) =>
  call(
    'reservations',
    'findReservationByNumber',
    args,
  )) as Repositories['reservations']['findReservationByNumber'];
export const updateReservation = ((...args: unknown[]) =>
  call('reservations', 'updateReservation', args)) as Repositories['reservations']['updateReservation'];
export const listReservations = ((...args: unknown[]) =>
  call('reservations', 'listReservations', args)) as Repositories['reservations']['listReservations'];
export const getSessionFunding = ((...args: unknown[]) =>
  call('sessionFunding', 'getSessionFunding', args)) as Repositories['sessionFunding']['getSessionFunding'];
export const recordSessionFunding = ((...args: unknown[]) =>
  call(
    'sessionFunding',
    'recordSessionFunding',
    args,
  )) as Repositories['sessionFunding']['recordSessionFunding'];
export const keepLifecycleToken = ((...args: unknown[]) =>
  call(
    'sessionLifecycle',
    'keepLifecycleToken',
    args,
  )) as Repositories['sessionLifecycle']['keepLifecycleToken'];
export const takeLifecycleToken = ((...args: unknown[]) =>
  call(
    'sessionLifecycle',
    'takeLifecycleToken',
    args,
  )) as Repositories['sessionLifecycle']['takeLifecycleToken'];
export const recordLifecycleStep = ((...args: unknown[]) =>
  call(
    'sessionLifecycle',
    'recordLifecycleStep',
    args,
  )) as Repositories['sessionLifecycle']['recordLifecycleStep'];
export const lifecycleStepsOf = ((...args: unknown[]) =>
  call('sessionLifecycle', 'lifecycleStepsOf', args)) as Repositories['sessionLifecycle']['lifecycleStepsOf'];
export const markNeedsReview = ((...args: unknown[]) =>
  call('sessionLifecycle', 'markNeedsReview', args)) as Repositories['sessionLifecycle']['markNeedsReview'];
export const recordSessionStatus = ((...args: unknown[]) =>
  call(
    'sessionStatuses',
    'recordSessionStatus',
    args,
  )) as Repositories['sessionStatuses']['recordSessionStatus'];
export const sessionStatusesOf = ((...args: unknown[]) =>
  call('sessionStatuses', 'sessionStatusesOf', args)) as Repositories['sessionStatuses']['sessionStatusesOf'];
export const nextTransactionId = ((...args: unknown[]) =>
  call('sessions', 'nextTransactionId', args)) as Repositories['sessions']['nextTransactionId'];
export const connectorState = ((...args: unknown[]) =>
  call('sessions', 'connectorState', args)) as Repositories['sessions']['connectorState'];
export const connectorSessionId = ((...args: unknown[]) =>
  call('sessions', 'connectorSessionId', args)) as Repositories['sessions']['connectorSessionId'];
export const createSession = ((...args: unknown[]) =>
  call('sessions', 'createSession', args)) as Repositories['sessions']['createSession'];
export const createOrphanSession = ((...args: unknown[]) =>
  call('sessions', 'createOrphanSession', args)) as Repositories['sessions']['createOrphanSession'];
export const sessionIdOfTransaction = ((...args: unknown[]) =>
  call('sessions', 'sessionIdOfTransaction', args)) as Repositories['sessions']['sessionIdOfTransaction'];
export const transactionOwner = ((...args: unknown[]) =>
  call('sessions', 'transactionOwner', args)) as Repositories['sessions']['transactionOwner'];
export const getSession = ((...args: unknown[]) =>
  call('sessions', 'getSession', args)) as Repositories['sessions']['getSession'];
export const completeSession = ((...args: unknown[]) =>
  call('sessions', 'completeSession', args)) as Repositories['sessions']['completeSession'];
export const flagSession = ((...args: unknown[]) =>
  call('sessions', 'flagSession', args)) as Repositories['sessions']['flagSession'];
export const appendMeterSamples = ((...args: unknown[]) =>
  call('sessions', 'appendMeterSamples', args)) as Repositories['sessions']['appendMeterSamples'];
export const meterSamplesOf = ((...args: unknown[]) =>
  call('sessions', 'meterSamplesOf', args)) as Repositories['sessions']['meterSamplesOf'];
export const listSessions = ((...args: unknown[]) =>
  call('sessions', 'listSessions', args)) as Repositories['sessions']['listSessions'];
export const createSite = ((...args: unknown[]) =>
  call('sites', 'createSite', args)) as Repositories['sites']['createSite'];
export const getSite = ((...args: unknown[]) =>
  call('sites', 'getSite', args)) as Repositories['sites']['getSite'];
export const listSites = ((...args: unknown[]) =>
  call('sites', 'listSites', args)) as Repositories['sites']['listSites'];
export const updateSite = ((...args: unknown[]) =>
  call('sites', 'updateSite', args)) as Repositories['sites']['updateSite'];
export const deleteSite = ((...args: unknown[]) =>
  call('sites', 'deleteSite', args)) as Repositories['sites']['deleteSite'];
export const claimStripeEvent = ((...args: unknown[]) =>
  call('stripeEvents', 'claimStripeEvent', args)) as Repositories['stripeEvents']['claimStripeEvent'];
export const releaseStripeEvent = ((...args: unknown[]) =>
  call('stripeEvents', 'releaseStripeEvent', args)) as Repositories['stripeEvents']['releaseStripeEvent'];
export const getAssignment = ((...args: unknown[]) =>
  call('tariffAssignments', 'getAssignment', args)) as Repositories['tariffAssignments']['getAssignment'];
export const changeAssignment = ((...args: unknown[]) =>
  call(
    'tariffAssignments',
    'changeAssignment',
    args,
  )) as Repositories['tariffAssignments']['changeAssignment'];
export const assignmentsOfScopes = ((...args: unknown[]) =>
  call(
    'tariffAssignments',
    'assignmentsOfScopes',
    args,
  )) as Repositories['tariffAssignments']['assignmentsOfScopes'];
export const listAssignments = ((...args: unknown[]) =>
  call('tariffAssignments', 'listAssignments', args)) as Repositories['tariffAssignments']['listAssignments'];
export const createTariff = ((...args: unknown[]) =>
  call('tariffs', 'createTariff', args)) as Repositories['tariffs']['createTariff'];
export const getTariff = ((...args: unknown[]) =>
  call('tariffs', 'getTariff', args)) as Repositories['tariffs']['getTariff'];
export const listTariffs = ((...args: unknown[]) =>
  call('tariffs', 'listTariffs', args)) as Repositories['tariffs']['listTariffs'];
export const addTariffVersion = ((...args: unknown[]) =>
  call('tariffs', 'addTariffVersion', args)) as Repositories['tariffs']['addTariffVersion'];
export const archiveTariff = ((...args: unknown[]) =>
  call('tariffs', 'archiveTariff', args)) as Repositories['tariffs']['archiveTariff'];
export const recordTenantEvent = ((...args: unknown[]) =>
  call('tenantEvents', 'recordTenantEvent', args)) as Repositories['tenantEvents']['recordTenantEvent'];
export const listTenantEvents = ((...args: unknown[]) =>
  call('tenantEvents', 'listTenantEvents', args)) as Repositories['tenantEvents']['listTenantEvents'];
export const createTenantWithApiKey = ((...args: unknown[]) =>
  call('tenants', 'createTenantWithApiKey', args)) as Repositories['tenants']['createTenantWithApiKey'];
export const getTenant = ((...args: unknown[]) =>
  call('tenants', 'getTenant', args)) as Repositories['tenants']['getTenant'];
export const recordPayoutAccount = ((...args: unknown[]) =>
  call('tenants', 'recordPayoutAccount', args)) as Repositories['tenants']['recordPayoutAccount'];
export const saveTenantSettings = ((...args: unknown[]) =>
  call('tenants', 'saveTenantSettings', args)) as Repositories['tenants']['saveTenantSettings'];
export const markTenantEmailVerified = ((...args: unknown[]) =>
  call('tenants', 'markTenantEmailVerified', args)) as Repositories['tenants']['markTenantEmailVerified'];
export const listApiKeys = ((...args: unknown[]) =>
  call('tenants', 'listApiKeys', args)) as Repositories['tenants']['listApiKeys'];
export const putApiKey = ((...args: unknown[]) =>
  call('tenants', 'putApiKey', args)) as Repositories['tenants']['putApiKey'];
export const revokeApiKey = ((...args: unknown[]) =>
  call('tenants', 'revokeApiKey', args)) as Repositories['tenants']['revokeApiKey'];
export const getApiKey = ((...args: unknown[]) =>
  call('tenants', 'getApiKey', args)) as Repositories['tenants']['getApiKey'];
export const allTenantIds = ((...args: unknown[]) =>
  call('tenants', 'allTenantIds', args)) as Repositories['tenants']['allTenantIds'];
export const publishTermsDocument = ((...args: unknown[]) =>
  call('terms', 'publishTermsDocument', args)) as Repositories['terms']['publishTermsDocument'];
export const getTermsDocument = ((...args: unknown[]) =>
  call('terms', 'getTermsDocument', args)) as Repositories['terms']['getTermsDocument'];
export const listTermsDocuments = ((...args: unknown[]) =>
  call('terms', 'listTermsDocuments', args)) as Repositories['terms']['listTermsDocuments'];
export const listAllTermsDocuments = ((...args: unknown[]) =>
  call('terms', 'listAllTermsDocuments', args)) as Repositories['terms']['listAllTermsDocuments'];
export const issueVoucher = ((...args: unknown[]) =>
  call('vouchers', 'issueVoucher', args)) as Repositories['vouchers']['issueVoucher'];
export const getVoucher = ((...args: unknown[]) =>
  call('vouchers', 'getVoucher', args)) as Repositories['vouchers']['getVoucher'];
export const getVouchers = ((...args: unknown[]) =>
  call('vouchers', 'getVouchers', args)) as Repositories['vouchers']['getVouchers'];
export const listExpiredVouchers = ((...args: unknown[]) =>
  call('vouchers', 'listExpiredVouchers', args)) as Repositories['vouchers']['listExpiredVouchers'];
export const getWallet = ((...args: unknown[]) =>
  call('wallets', 'getWallet', args)) as Repositories['wallets']['getWallet'];
export const setCreditLimit = ((...args: unknown[]) =>
  call('wallets', 'setCreditLimit', args)) as Repositories['wallets']['setCreditLimit'];
export const recordProviderCustomer = ((...args: unknown[]) =>
  call('wallets', 'recordProviderCustomer', args)) as Repositories['wallets']['recordProviderCustomer'];
export const saveCard = ((...args: unknown[]) =>
  call('wallets', 'saveCard', args)) as Repositories['wallets']['saveCard'];
export const markCardFailing = ((...args: unknown[]) =>
  call('wallets', 'markCardFailing', args)) as Repositories['wallets']['markCardFailing'];
export const attachVoucher = ((...args: unknown[]) =>
  call('wallets', 'attachVoucher', args)) as Repositories['wallets']['attachVoucher'];
export const attachDiscountCode = ((...args: unknown[]) =>
  call('wallets', 'attachDiscountCode', args)) as Repositories['wallets']['attachDiscountCode'];
export const claimDebtCollection = ((...args: unknown[]) =>
  call('wallets', 'claimDebtCollection', args)) as Repositories['wallets']['claimDebtCollection'];
export const releaseDebtCollection = ((...args: unknown[]) =>
  call('wallets', 'releaseDebtCollection', args)) as Repositories['wallets']['releaseDebtCollection'];
export const forfeitVoucher = ((...args: unknown[]) =>
  call('vouchers', 'forfeitVoucher', args)) as Repositories['vouchers']['forfeitVoucher'];
