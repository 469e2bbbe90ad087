import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;

/** Names carry the chat_realtime_ prefix so all three apps can share one registry in embedded mode. */
export function createRealtimeMetrics(registry: Registry) {
  const registers = [registry];
  return {
    socketsOpen: new Gauge({ name: "chat_realtime_sockets_open", help: "Open WebSockets", registers }),
    joinedChats: new Gauge({
      name: "chat_realtime_joined_chats",
      help: "Chats joined, summed over sockets",
      registers,
    }),
    busSubscriptions: new Gauge({
      name: "chat_realtime_bus_subscriptions",
      help: "Chat channels this node is subscribed to on the bus",
      registers,
    }),
    deliveries: new Counter({
      name: "chat_realtime_deliveries_total",
      help: "Frames handed to sockets (one per receiving socket)",
      labelNames: ["kind"],
      registers,
    }),
    framesIn: new Counter({
      name: "chat_realtime_frames_in_total",
      help: "Frames received from clients, by outcome",
      labelNames: ["outcome"],
      registers,
    }),
    slowConsumers: new Counter({
      name: "chat_realtime_slow_consumers_closed_total",
      help: "Sockets closed because they did not read their backlog",
      registers,
    }),
    busLag: new Histogram({
      name: "chat_realtime_bus_lag_seconds",
      help: "Time from a message's commit (createdAt) to its relay to sockets on this node",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    gapFills: new Counter({
      name: "chat_realtime_gap_fills_total",
      help: "Messages read from PostgreSQL because the bus lost or reordered them",
      registers,
    }),
    busResyncs: new Counter({
      name: "chat_realtime_bus_resyncs_total",
      help: "Resyncs after the bus subscriber reconnected",
      registers,
    }),
    rejectedUpgrades: new Counter({
      name: "chat_realtime_rejected_upgrades_total",
      help: "Upgrades refused, by HTTP status",
      labelNames: ["status"],
      registers,
    }),
  };
}
