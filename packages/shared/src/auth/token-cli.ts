import { Role } from "../contracts/common";
import { loadEnvOrExit } from "../env/parse";
import { DEV_JWT_SECRET, mintToken } from "./mint";
import { tokenEnv } from "./token-env";

const [userId, roleArg = "user", name] = process.argv.slice(2);
const role = Role.safeParse(roleArg);
if (!userId || !role.success) {
  process.stderr.write("usage: pnpm token <userId> [user|moderator|admin] [name]\n");
  process.exit(2);
}
const env = loadEnvOrExit(tokenEnv, process.env);
const token = await mintToken({
  secret: env.JWT_SECRET ?? DEV_JWT_SECRET,
  userId,
  role: role.data,
  name,
  expiresIn: env.TOKEN_TTL,
  issuer: env.JWT_ISSUER,
  audience: env.JWT_AUDIENCE,
});
process.stdout.write(`${token}\n`);
