import { describeFailover } from './failover-suite.ts';
import { describeGateway } from './gateway-suite.ts';
import { describeSecurity } from './security-suite.ts';
import { inProcess } from './targets.ts';

describeGateway(inProcess);
describeFailover(inProcess);
describeSecurity(inProcess);
