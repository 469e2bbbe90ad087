import "../embedded";

/** A process that loads the embedded module and ends with a failing code, which must survive exit. */
process.exitCode = Number(process.argv[2] ?? 1);
