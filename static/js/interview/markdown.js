// Streamed feedback as formatted, sanitised HTML: the browser's copy of the server's
// rules (interviews/markdown.py), so the text looks the same before and after `done`.
// markdown-it is the version markdown-it-py ports; DOMPurify keeps what nh3 keeps.
// tests/e2e/test_streamed_markdown.py compares both the policy and the output.
import "../../vendor/markdown-it/markdown-it.min.js";
import createDOMPurify from "../../vendor/dompurify/purify.es.mjs";

export const POLICY = Object.freeze({
  tags: [
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
  ],
  attributes: { a: ["href", "title"], ol: ["start"], th: ["align"], td: ["align"] },
  genericAttributes: ["lang", "title"], // allowed on every tag
  urlSchemes: ["http", "https", "mailto"],
  linkRel: "noopener noreferrer nofollow",
});

// "commonmark" with html: false: raw HTML in the source is shown as text, not parsed.
const md = globalThis.markdownit("commonmark", { html: false, linkify: false, typographer: false });
md.enable(["table", "strikethrough"]);

// No remote images: an image becomes its (escaped) alt text.
md.renderer.rules.image = (tokens, idx) => md.utils.escapeHtml(tokens[idx].content);

// A dunder name (`__eq__`) without backticks stays literal, as on the server.
const DUNDER = /__[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*__/y;
const WORD = /[A-Za-z0-9_]/;

md.inline.ruler.before("emphasis", "dunder", (state, silent) => {
  const { pos, src } = state;
  if (!src.startsWith("__", pos) || (pos > 0 && WORD.test(src[pos - 1]))) return false;
  DUNDER.lastIndex = pos;
  const match = DUNDER.exec(src.slice(0, state.posMax));
  if (!match) return false;
  const end = pos + match[0].length;
  if (end < state.posMax && WORD.test(src[end])) return false;
  if (!silent) state.push("text", "", 0).content = match[0];
  state.pos = end;
  return true;
});

const purify = createDOMPurify(window);
const allAttributes = [
  ...new Set([...Object.values(POLICY.attributes).flat(), ...POLICY.genericAttributes]),
];
// Absolute URLs only with an allowed scheme; relative ones pass, as nh3 lets them.
const schemes = POLICY.urlSchemes.join("|");
const ALLOWED_URI = new RegExp(`^(?:(?:${schemes}):|[^a-z]|[a-z+.-]+(?:[^a-z+.\\-:]|$))`, "i");

// nh3 allows attributes per tag; DOMPurify's list is global, so narrow it per tag here.
purify.addHook("uponSanitizeAttribute", (node, data) => {
  const allowed = POLICY.attributes[node.nodeName.toLowerCase()] || [];
  if (!allowed.includes(data.attrName) && !POLICY.genericAttributes.includes(data.attrName)) {
    data.keepAttr = false;
  }
});
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName === "A") node.setAttribute("rel", POLICY.linkRel);
});

const SANITISE = {
  ALLOWED_TAGS: POLICY.tags,
  ALLOWED_ATTR: allAttributes,
  ALLOWED_URI_REGEXP: ALLOWED_URI,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

// A sanitised fragment of `html` (any HTML: the tests feed it what nh3 is fed).
export function sanitise(html) {
  return purify.sanitize(html, SANITISE);
}

// Markdown → a sanitised fragment; headings demoted below the page's h2, as on the server.
export function renderMarkdown(text) {
  let html = md.render(text || "");
  for (const level of [2, 1]) {
    html = html.replaceAll(`<h${level}>`, `<h${level + 2}>`);
    html = html.replaceAll(`</h${level}>`, `</h${level + 2}>`);
  }
  return sanitise(html);
}
