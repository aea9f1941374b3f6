// Loaded by mermaid2 only on pages that hold a diagram (see mkdocs.yml).
// Imports the pinned Mermaid that the site serves itself (copied from node_modules at build
// time by hooks/site_hook.py) and exposes it as window.mermaid, which Material's renderer
// uses instead of fetching Mermaid from a CDN. Module scripts run before DOMContentLoaded,
// so the global is set before Material mounts the diagrams.
import mermaid from "./vendor/mermaid/mermaid.esm.min.mjs";

mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
window.mermaid = mermaid;

export default mermaid;
