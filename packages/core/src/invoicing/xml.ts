/**
 * A tiny XML writer: enough for UBL, which needs elements, text, attributes and a fixed element order, and
 * nothing of a DOM. Absent children (`undefined`, `false`) are skipped, so optional business terms read as
 * `value && leaf(...)` at the place the schema wants them.
 */
export type XmlChild = string | undefined | false;

export function escapeXml(text: string): string {
  return (
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
      // As character references, line breaks survive the indentation of the enclosing elements unchanged.
      .replaceAll('\r', '&#13;')
      .replaceAll('\n', '&#10;')
  );
}

function attributes(attrs: Readonly<Record<string, string>> | undefined): string {
  if (!attrs) return '';
  return Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

/** An element with text content. */
export function leaf(name: string, text: string | number, attrs?: Readonly<Record<string, string>>): string {
  return `<${name}${attributes(attrs)}>${escapeXml(String(text))}</${name}>`;
}

/** An element with child elements, indented two spaces per level. */
export function node(
  name: string,
  children: readonly XmlChild[],
  attrs?: Readonly<Record<string, string>>,
): string {
  const inner = children.filter((child): child is string => typeof child === 'string' && child !== '');
  if (inner.length === 0) return `<${name}${attributes(attrs)}/>`;
  const body = inner.map((child) => child.replace(/^/gm, '  ')).join('\n');
  return `<${name}${attributes(attrs)}>\n${body}\n</${name}>`;
}
