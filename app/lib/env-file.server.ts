// `.env` in the working directory, for `npm start` and `npm run worker`. Variables already set in
// the environment win, as with Node's --env-file. Entry points import this first, so the app's
// configuration (read when its modules load) sees the file.
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
