import type { SSTConfig } from 'sst';
import { Api } from './stacks/Api.js';
import { functionDefaults } from './stacks/lib/defaults.js';
import { Ocpp } from './stacks/Ocpp.js';
import { Storage } from './stacks/Storage.js';
import { Workflows } from './stacks/Workflows.js';

export default {
  config() {
    return { name: 'csms', region: 'us-east-1' };
  },
  stacks(app) {
    // Before any stack: SST applies defaults only to functions created after this call.
    app.setDefaultFunctionProps(functionDefaults);
    // Dependency order (each uses the previous ones): table → workflows → OCPP endpoint → HTTP API.
    app.stack(Storage).stack(Workflows).stack(Ocpp).stack(Api);
  },
} satisfies SSTConfig;
