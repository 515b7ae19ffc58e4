import { describeGateway } from './gateway-suite.ts';
import { denoTarget } from './targets.ts';

describeGateway(denoTarget);
