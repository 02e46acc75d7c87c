// Writes src/voipbin_contract/rules/segment_vectors.json: SMS texts and the encoding and segment count that Twilio's
// sms-segments-calculator (pinned in package-lock.json) gives each. The contract suite judges `parts` by these
// vectors and the mock's counter is tested against them: an oracle from outside the project.
//
//   node scripts/segment_vectors.mjs           write the file
//   node scripts/segment_vectors.mjs --check   exit 1 if the file differs from what the calculator gives now
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { SegmentedMessage } = require("sms-segments-calculator");
const calculator = require("sms-segments-calculator/package.json");

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = join(ROOT, "src", "voipbin_contract", "rules", "segment_vectors.json");

const GSM_EXTENSION = "^{}\\[~]|€\f";
const EMOJI = "\u{1F600}";
const texts = [];
const add = (...found) => texts.push(...found);

// Around each limit: GSM-7 160 / 153 per part, UCS-2 70 / 67 per part, and their multiples.
for (const n of [0, 1, 69, 70, 71, 134, 135, 152, 153, 154, 159, 160, 161, 201, 306, 307, 459, 460, 612, 613]) {
  add("a".repeat(n), "ж".repeat(n));
}
// Extension characters take two septets and are never split; so are surrogate pairs.
for (const c of GSM_EXTENSION) add(c, c.repeat(80), c.repeat(81), "a".repeat(152) + c + "a".repeat(10));
for (const n of [150, 151, 152, 153, 158, 159, 160, 305, 306]) add("a".repeat(n) + "{", "a".repeat(n) + "€b");
for (const n of [33, 34, 35, 36, 67, 68]) add(EMOJI.repeat(n));
for (const n of [65, 66, 67, 68, 69]) add("a".repeat(n) + EMOJI.repeat(3), "ж".repeat(n) + EMOJI);
// One character outside GSM-7 turns the whole text UCS-2.
for (const c of ["ç", "ж", "中", "\u00a0", "\u001b", "’", "“", "…", "e\u0301", "\u200b", "\t"]) {
  add(c, "a".repeat(69) + c, "a".repeat(70) + c);
}
// Every character of the GSM-7 basic table, alone and 160 times.
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
for (const c of GSM_BASIC) add(c.repeat(160), c.repeat(161));
add(GSM_BASIC, GSM_BASIC + GSM_EXTENSION, GSM_BASIC.repeat(3));
// Texts people send.
add(
  "hello, this is test message.",
  "Hello, this is test message.",
  "Your code is 123456. It expires in 10 minutes.",
  "Größe: 10 €, Preis: ~5 [EUR]",
  "안녕하세요, 테스트 메시지입니다.",
  "Ваш код: 4821",
  "👍🏽 ok",
  "👨‍👩‍👧‍👦 family",
  "🇳🇱🇰🇷",
  "line one\r\nline two",
);
// Mixed texts from a fixed seed: alphabets, extension characters, emoji, at every length up to 4 parts.
const ALPHABETS = ["abc xyz", "ÄÖÑÜäöñüà", GSM_EXTENSION, "жщ", "中文", EMOJI + "👍"];
let seed = 20261123;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed;
};
for (let i = 0; i < 200; i++) {
  const alphabets = ALPHABETS.filter(() => next() % 3 === 0);
  const pool = [...(alphabets.length ? alphabets : ["abc"]).join("")];
  const length = next() % 330;
  let text = "";
  for (let j = 0; j < length; j++) text += pool[next() % pool.length];
  add(text);
}

const unique = [...new Set(texts)];
const vectors = unique.map((text) => {
  const message = new SegmentedMessage(text);
  return { text, encoding: message.encodingName, segments: message.segmentsCount };
});
const output =
  JSON.stringify({ generator: `${calculator.name} ${calculator.version}`, vectors }, null, 1) + "\n";

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUTPUT, "utf8");
  } catch {
    // missing: differs
  }
  if (current !== output) {
    console.error(`${OUTPUT} differs from what ${calculator.name} ${calculator.version} gives: run make segment-vectors`);
    process.exit(1);
  }
  console.log(`${OUTPUT} is current (${vectors.length} vectors)`);
} else {
  writeFileSync(OUTPUT, output);
  console.log(`wrote ${vectors.length} vectors to ${OUTPUT}`);
}
