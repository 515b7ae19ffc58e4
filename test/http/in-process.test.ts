import { describeGateway } from './gateway-suite.ts';
import { inProcess } from './targets.ts';

describeGateway(inProcess);
