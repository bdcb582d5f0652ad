// The reference side of Mandate's policy tests and benchmarks: Cedar's own implementation,
// @cedar-policy/cedar-wasm (its Node.js build), driven over standard input and output.
//
//   node cedar_peer.cjs PEER_DIR eval    JSON Lines in (isAuthorized calls), one answer a line out:
//                                         {decision, reason: [ids], errors: [ids]} or {error}
//   node cedar_peer.cjs PEER_DIR bench   one JSON document in: [{name, policies, entities,
//                                         requests: [{principal, action, resource, context}],
//                                         rounds, pool}]; out: {name: {p50_ns, p99_ns, calls,
//                                         allowed}, _pooled: {p50_ns, p99_ns, calls}} where
//                                         _pooled joins the workloads marked pool; every call is
//                                         statefulIsAuthorized on a preparsed policy set
//
// PEER_DIR is the folder where `npm ci` installed the pinned package (node_modules inside it).
'use strict';

const path = require('path');
const readline = require('readline');

function loadCedar(dir) {
    const where = path.resolve(dir, 'node_modules', '@cedar-policy', 'cedar-wasm', 'nodejs');
    try {
        return require(where);
    } catch (e) {
        process.stderr.write(`cedar_peer: cannot load @cedar-policy/cedar-wasm from ${where}: ${e.message}\n`
            + 'cedar_peer: installer/bootstrap.sh installs it (npm ci in the build tree)\n');
        process.exit(3);
    }
}

function messages(errors) {
    return (errors || []).map((e) => e.message).join('; ');
}

function evalMode(cedar) {
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    lines.on('line', (line) => {
        if (line.trim() === '')
            return;
        let out;
        try {
            const answer = cedar.isAuthorized(JSON.parse(line));
            if (answer.type === 'success') {
                const d = answer.response.diagnostics;
                out = {
                    decision: answer.response.decision,
                    reason: d.reason,
                    errors: d.errors.map((e) => e.policyId),
                    messages: d.errors.map((e) => e.error.message),
                };
            } else {
                out = { error: messages(answer.errors) };
            }
        } catch (e) {
            out = { error: String(e && e.message ? e.message : e) };
        }
        process.stdout.write(JSON.stringify(out) + '\n');
    });
}

function percentile(sorted, p) {
    const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return sorted[i];
}

function benchMode(cedar) {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => {
        const workloads = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const results = {};
        const pooled = [];
        for (const w of workloads) {
            const parsed = cedar.preparsePolicySet(w.name, w.policies);
            if (parsed.type !== 'success') {
                results[w.name] = { error: messages(parsed.errors) };
                continue;
            }
            const calls = w.requests.map((r) => ({
                principal: r.principal, action: r.action, resource: r.resource,
                context: r.context || {}, preparsedPolicySetId: w.name, entities: w.entities,
            }));
            const rounds = w.rounds || 20;
            // A warm-up round, then every call timed on its own.
            for (const c of calls)
                cedar.statefulIsAuthorized(c);
            const times = [];
            let allowed = 0;
            for (let round = 0; round < rounds; ++round) {
                for (const c of calls) {
                    const t0 = process.hrtime.bigint();
                    const answer = cedar.statefulIsAuthorized(c);
                    const t1 = process.hrtime.bigint();
                    times.push(Number(t1 - t0));
                    if (answer.type === 'success' && answer.response.decision === 'allow')
                        ++allowed;
                }
            }
            if (w.pool)
                pooled.push(...times);
            times.sort((a, b) => a - b);
            results[w.name] = {
                p50_ns: percentile(times, 0.5),
                p99_ns: percentile(times, 0.99),
                calls: times.length,
                allowed: allowed / rounds,
            };
        }
        if (pooled.length) {
            pooled.sort((a, b) => a - b);
            results._pooled = { p50_ns: percentile(pooled, 0.5), p99_ns: percentile(pooled, 0.99), calls: pooled.length };
        }
        process.stdout.write(JSON.stringify(results) + '\n');
    });
}

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== 'eval' && mode !== 'bench')) {
    process.stderr.write('usage: node cedar_peer.cjs PEER_DIR eval|bench\n');
    process.exit(2);
}
const cedar = loadCedar(dir);
if (mode === 'eval')
    evalMode(cedar);
else
    benchMode(cedar);
