import { describeChaos } from './chaos-suite.ts';
import { describeEntry } from './entry-suite.ts';
import { describeFailover } from './failover-suite.ts';
import { describeGateway } from './gateway-suite.ts';
import { describeReload } from './reload-suite.ts';
import { describeExposure, describeSecurity } from './security-suite.ts';
import { denoTarget } from './targets.ts';

describeGateway(denoTarget);
describeEntry(denoTarget);
describeFailover(denoTarget);
describeSecurity(denoTarget);
describeExposure(denoTarget);
describeChaos(denoTarget);
describeReload(denoTarget);
