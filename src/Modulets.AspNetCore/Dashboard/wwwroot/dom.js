// The DOM helpers both pages use (a server's dashboard and the fleet page).
"use strict";

function cell(row, content, className) {
  const td = row.insertCell();
  if (content instanceof Node) td.append(content); else td.textContent = content ?? "";
  if (className) td.className = className;
  return td;
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}
