import { z } from "zod";
import { authEnv } from "../env/fragments";

export const tokenEnv = z.object({
  JWT_SECRET: authEnv.JWT_SECRET,
  JWT_ISSUER: authEnv.JWT_ISSUER,
  JWT_AUDIENCE: authEnv.JWT_AUDIENCE,
  TOKEN_TTL: z.string().min(1).default("12h"),
});
