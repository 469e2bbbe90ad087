import type { SeedPlan } from "./seed";

export type BenchMode = "quick" | "full";

/** Every size and duration of a run; quick mode scales the data and socket counts down and says so. */
export interface BenchConfig {
  mode: BenchMode;
  plan: SeedPlan;
  sendRates: number[];
  sendStepMs: number;
  sendConnections: number;
  e2eRatePerSec: number;
  e2eDurationMs: number;
  fanout: { sockets: number; ratePerSec: number; durationMs: number }[];
  idleSockets: number;
  readRatePerSec: number;
  readDurationMs: number;
  limitDurationMs: number;
  redisPublishes: number;
  redisSubscribers: number;
  pgbenchClients: number;
}

const sendRates = [25, 50, 100, 150, 200, 300, 400, 500, 700, 900, 1200, 1500, 2000, 2500, 3000, 4000];

export function benchConfig(mode: BenchMode): BenchConfig {
  if (mode === "full") {
    return {
      mode,
      plan: {
        historyChatMessages: 1_000_000,
        historyTableMessages: 10_000_000,
        fanoutMembers: 10_000,
        idleUsers: 15_000,
      },
      sendRates,
      sendStepMs: 8000,
      sendConnections: 128,
      e2eRatePerSec: 50,
      e2eDurationMs: 20_000,
      fanout: [
        { sockets: 1000, ratePerSec: 20, durationMs: 10_000 },
        { sockets: 10_000, ratePerSec: 4, durationMs: 10_000 },
      ],
      idleSockets: 15_000,
      readRatePerSec: 100,
      readDurationMs: 15_000,
      limitDurationMs: 10_000,
      redisPublishes: 500_000,
      redisSubscribers: 10,
      pgbenchClients: 10,
    };
  }
  return {
    mode,
    plan: {
      historyChatMessages: 100_000,
      historyTableMessages: 1_000_000,
      fanoutMembers: 1000,
      idleUsers: 3000,
    },
    sendRates,
    sendStepMs: 3000,
    sendConnections: 128,
    e2eRatePerSec: 50,
    e2eDurationMs: 6000,
    fanout: [{ sockets: 1000, ratePerSec: 20, durationMs: 5000 }],
    idleSockets: 3000,
    readRatePerSec: 100,
    readDurationMs: 5000,
    limitDurationMs: 4000,
    redisPublishes: 200_000,
    redisSubscribers: 10,
    pgbenchClients: 10,
  };
}
