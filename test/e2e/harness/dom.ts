// The few DOM shapes used inside page.evaluate callbacks. The test project compiles without lib "dom"
// (it is Node code), so these describe just what the callbacks touch.
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

export interface DomRange {
  setStart(node: DomNode, offset: number): void;
  setEnd(node: DomNode, offset: number): void;
  getBoundingClientRect(): DomRect;
}

export interface DomElement extends DomNode {
  ownerDocument: { createRange(): DomRange };
  style: { top: string };
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getBoundingClientRect(): DomRect;
}

export interface DomRect {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}
