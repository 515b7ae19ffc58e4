import { describeGateway } from './gateway-suite.ts';
import { bunTarget } from './targets.ts';

describeGateway(bunTarget);
