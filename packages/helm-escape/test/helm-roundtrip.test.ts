import { writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import {
  escapeFor,
  escapeForTplPasses,
  escapeValuesFor,
  TPL_PASSES,
  type TplDestination,
} from '../src/index.js';
import { prng, randomText } from './prng.js';
import { HELM_MAJORS, helmTemplate, requireHelm, tempChart } from './tools.js';
import { valuesYaml } from './yaml-quote.js';

// Reproduce a failure with HELM_ESCAPE_SEED=<seed printed below>.
const seed = Number(process.env.HELM_ESCAPE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = 150;
console.log(`helm-escape property test seed: ${seed} (HELM_ESCAPE_SEED=${seed} to repeat)`);

/** Strings that broke or could break naive escaping, always included. */
const FIXED = [
  '',
  '{{ dag_id }}',
  '{}}',
  '{{{',
  '}}}',
  '{{{ x }}}',
  '{{- trim -}}',
  '{{`raw`}}',
  '{{"{{"}}',
  '`{{`',
  'a } } { { b',
  '{{/* comment */}}',
  'line1\n{{ x }}\n  line3\n',
  '"{{ quoted }}"',
  "'{{ single }}'",
  '🚀{{é}}日本',
  '\\{{\\}}\\',
];

function cases(passes: number): Record<string, string> {
  const rand = prng(seed + passes);
  const out: Record<string, string> = {};
  FIXED.forEach((s, i) => {
    out[`f${i}`] = s;
  });
  for (let i = 0; i < CASES; i++) out[`r${i}`] = randomText(rand);
  return out;
}

// Applies `tpl` .Values.passes times (nested) to every case, then returns them base64(JSON) so
// nothing of YAML re-quoting stands between Helm's result and the comparison.
const ROUNDTRIP = `{{- $root := . }}
{{- $out := dict }}
{{- range $k, $v := .Values.cases }}
{{- $s := $v }}
{{- range $i := until (int $root.Values.passes) }}
{{- $s = tpl $s $root }}
{{- end }}
{{- $_ := set $out $k $s }}
{{- end }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: roundtrip
data:
  direct: {{ toJson $out | b64enc | quote }}
`;

// How each destination's chart consumes the value (the upstream template's own expression).
const DESTINATIONS = `{{- if .Values.destinations }}
{{- $d := .Values.destinations }}
{{- $out := dict }}
{{- $_ := set $out "airflowPodTemplate" (tpl $d.airflowPodTemplate .) }}
{{- $_ := set $out "airflowWorkerExtras" (tpl (toYaml $d.airflowWorkerExtras) . | fromYamlArray) }}
{{- $_ := set $out "vectorCustomConfig" (tpl (toYaml $d.vectorCustomConfig) . | fromYaml) }}
{{- $_ := set $out "alloyConfigMapContent" (tpl $d.alloyConfigMapContent .) }}
{{- $_ := set $out "airflowLocalSettings" (tpl $d.airflowLocalSettings .) }}
{{- $_ := set $out "airflowComponentExtras" (tpl (toYaml $d.airflowComponentExtras) . | fromYamlArray) }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: destinations
data:
  out: {{ toJson $out | b64enc | quote }}
{{- end }}
`;

const chart = () =>
  tempChart({
    'Chart.yaml': 'apiVersion: v2\nname: escape-roundtrip\nversion: 0.0.0\n',
    'templates/roundtrip.yaml': ROUNDTRIP,
    'templates/destinations.yaml': DESTINATIONS,
  });

function configMapData(rendered: string, name: string, key: string): unknown {
  for (const doc of parseAllDocuments(rendered)) {
    const obj = doc.toJS() as { metadata?: { name?: string }; data?: Record<string, string> } | null;
    if (obj?.metadata?.name === name)
      return JSON.parse(Buffer.from(obj.data![key]!, 'base64').toString('utf8'));
  }
  throw new Error(`no ConfigMap ${name} in Helm's output`);
}

function firstDifference(want: Record<string, string>, got: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(want))
    if (got[k] !== v) return `case ${k}: ${JSON.stringify(v)} came back as ${JSON.stringify(got[k])}`;
  return undefined;
}

for (const { major, bin } of HELM_MAJORS)
  for (const passes of [0, 1, 2, 3])
    test(`Helm ${major}: random strings escaped for ${passes} pass(es) come back byte-identical after ${passes} tpl pass(es)`, () => {
      requireHelm(bin);
      const originals = cases(passes);
      const escaped = Object.fromEntries(
        Object.entries(originals).map(([k, v]) => [k, escapeForTplPasses(v, passes)]),
      );
      const dir = chart();
      const values = `${dir}/values-${passes}.yaml`;
      writeFileSync(values, `passes: ${passes}\ncases:${valuesYaml(escaped, '  ')}\n`);
      const got = configMapData(helmTemplate(bin, dir, ['-f', values]), 'roundtrip', 'direct') as Record<
        string,
        string
      >;
      const diff = firstDifference(originals, got);
      assert.not.ok(diff, `seed ${seed}: ${diff}`);
    });

for (const { major, bin } of HELM_MAJORS)
  test(`Helm ${major}: each destination's own tpl expression restores values escaped with escapeFor`, () => {
    requireHelm(bin);
    const rand = prng(seed + 100);
    const texts = Array.from({ length: 40 }, () => randomText(rand)).concat(FIXED);
    const tree = Object.fromEntries(texts.map((t, i) => [`k${i}${t}`, { text: t, list: [t, `${t}!`] }]));
    const dests: Record<TplDestination, unknown> = {
      airflowPodTemplate: escapeFor('airflowPodTemplate', texts.join('\n')),
      airflowWorkerExtras: escapeValuesFor('airflowWorkerExtras', [tree]),
      vectorCustomConfig: escapeValuesFor('vectorCustomConfig', tree),
      alloyConfigMapContent: escapeFor('alloyConfigMapContent', texts.join('\n')),
      airflowLocalSettings: escapeFor('airflowLocalSettings', texts.join('\n')),
      airflowComponentExtras: escapeValuesFor('airflowComponentExtras', [tree]),
    };
    assert.equal(Object.keys(dests).sort(), Object.keys(TPL_PASSES).sort());
    const dir = chart();
    const values = `${dir}/values-destinations.yaml`;
    writeFileSync(values, `passes: 0\ncases: {}\ndestinations:${valuesYaml(dests, '  ')}\n`);
    const got = configMapData(helmTemplate(bin, dir, ['-f', values]), 'destinations', 'out');
    assert.equal(
      got,
      {
        airflowPodTemplate: texts.join('\n'),
        airflowWorkerExtras: [tree],
        vectorCustomConfig: tree,
        alloyConfigMapContent: texts.join('\n'),
        airflowLocalSettings: texts.join('\n'),
        airflowComponentExtras: [tree],
      },
      `seed ${seed}`,
    );
  });

test.run();
