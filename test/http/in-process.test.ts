import { describeFailover } from './failover-suite.ts';
import { describeGateway } from './gateway-suite.ts';
import { inProcess } from './targets.ts';

describeGateway(inProcess);
describeFailover(inProcess);
