import { summarizeProfiles } from "./profile";

console.log(summarizeProfiles(process.argv[2]!));
