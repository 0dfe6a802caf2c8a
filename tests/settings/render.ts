// Moved to tests/helpers/render.ts (shared by every page test).
export { renderRoute } from "../helpers/render";
