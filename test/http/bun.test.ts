import { describeChaos } from './chaos-suite.ts';
import { describeEntry } from './entry-suite.ts';
import { describeFailover } from './failover-suite.ts';
import { describeGateway } from './gateway-suite.ts';
import { describeReload } from './reload-suite.ts';
import { describeExposure, describeSecurity } from './security-suite.ts';
import { bunTarget } from './targets.ts';

describeGateway(bunTarget);
describeEntry(bunTarget);
describeFailover(bunTarget);
describeSecurity(bunTarget);
describeExposure(bunTarget);
describeChaos(bunTarget);
describeReload(bunTarget);
