import { describeChaos } from './chaos-suite.ts';
import { describeEntry } from './entry-suite.ts';
import { describeFailover } from './failover-suite.ts';
import { describeGateway } from './gateway-suite.ts';
import { describeReload } from './reload-suite.ts';
import { describeExposure, describeSecurity } from './security-suite.ts';
import { nodeTarget } from './targets.ts';

describeGateway(nodeTarget);
describeEntry(nodeTarget);
describeFailover(nodeTarget);
describeSecurity(nodeTarget);
describeExposure(nodeTarget);
describeChaos(nodeTarget);
describeReload(nodeTarget);
