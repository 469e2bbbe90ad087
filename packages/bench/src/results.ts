import type { BenchMode } from "./config";
import type { PgbenchResult } from "./limits/pgbench";
import type { RedisPublishResult } from "./limits/redis-publish";
import type { ServerCeiling } from "./limits/servers";
import type { MachineInfo } from "./machine";
import type { SystemName } from "./systems";
import type { BroadcastResult } from "./workloads/broadcast";
import type { ConnectionsResult } from "./workloads/connections";
import type { ReadResult } from "./workloads/reads";
import type { SafetyCostResult } from "./workloads/safety";
import type { SendThroughputResult } from "./workloads/send-throughput";

export interface SystemResults {
  send?: SendThroughputResult;
  e2e?: BroadcastResult;
  fanout: Record<string, BroadcastResult>;
  connections?: ConnectionsResult;
  history?: ReadResult;
  chatList?: ReadResult;
}

export interface BenchResults {
  mode: BenchMode;
  command: string;
  startedAt: string;
  finishedAt?: string;
  machine: MachineInfo;
  /** 1-minute load average before and after: other work on the box shows up here. */
  loadAverage: { start: number; end?: number };
  e2eRatePerSec: number;
  readRatePerSec: number;
  sizes: {
    historyChatMessages: number;
    historyTableMessages: number;
    fanoutSockets: number[];
    idleSockets: number;
  };
  systems: Record<SystemName, SystemResults>;
  limits: {
    pgbench?: PgbenchResult;
    redisPublish?: RedisPublishResult;
    uwsEcho?: ServerCeiling;
    httpHello?: ServerCeiling;
  };
  /** The safety detector's cost per message, measured in the bench process itself. */
  safety?: SafetyCostResult;
  errors: string[];
}
