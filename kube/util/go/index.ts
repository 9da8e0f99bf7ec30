// Go compatibility: what Go's strconv, fmt, encoding/json and go-yaml v2 do with the values kubectl and the API
// server exchange, in one place, tested against vectors printed by Go itself (test/unit/util/go/).
export { compareStrings, formatFloat, quote, quoteBytes } from './strconv';
export { isGoInt64, jsonFloat, jsonNumber, sprintNumber, yamlNumber } from './numbers';
export { BigIntLiteral, jsonString, marshalJSON, type GoJSONValue } from './json';
export { isGoYAMLTimestamp, resolvePlain, type Resolution, type Resolved } from './yaml';
export { sprint, sharpV, sprintfNoArgs } from './fmt';
export { parseDuration } from './time';
export { goYAMLFirstDocument, goYAMLSyntaxError } from './yamlSyntax';
export { goURLString, parseGoURL, type GoURL } from './url';
export { goSort } from './sort';
export { trimSpace } from './strings';
