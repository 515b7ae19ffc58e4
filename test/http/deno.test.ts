import { describeEntry } from './entry-suite.ts';
import { describeFailover } from './failover-suite.ts';
import { describeGateway } from './gateway-suite.ts';
import { denoTarget } from './targets.ts';

describeGateway(denoTarget);
describeEntry(denoTarget);
describeFailover(denoTarget);
