import type { SSTConfig } from 'sst';
import { Api } from './stacks/Api.js';
import { Billing } from './stacks/Billing.js';
import { functionDefaults } from './stacks/lib/defaults.js';
import { Ocpp } from './stacks/Ocpp.js';
import { Settings } from './stacks/Settings.js';
import { Storage } from './stacks/Storage.js';
import { Workflows } from './stacks/Workflows.js';

export default {
  config() {
    return { name: 'csms', region: 'us-east-1' };
  },
  stacks(app) {
    // Before any stack: SST applies defaults only to functions created after this call.
    app.setDefaultFunctionProps(functionDefaults);
    // Dependency order (each uses earlier ones): settings → table and bucket → OCPP endpoint → workflows →
    // billing job → HTTP API. The OCPP routes address the session state machine by its deterministic name,
    // which is what lets Workflows come after Ocpp (stacks/README.md, "Cycles").
    app.stack(Settings).stack(Storage).stack(Ocpp).stack(Workflows).stack(Billing).stack(Api);
  },
} satisfies SSTConfig;
