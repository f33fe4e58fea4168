// Runs an exported TF.js Layers model the way a web page does: tf.loadLayersModel over HTTP (a loopback static
// server for the model folder), then predicts a batch of raw inputs and prints the probabilities as JSON.
//
// usage: node predict.js <modelDir> <inputs.f32> [--backend wasm|cpu] [--batch 8]
//   inputs.f32: little-endian float32 [N, 224, 224, 3], RGB 0-255 (N is taken from the file size)
// output (stdout): {"backend", "loadMs", "firstPredictionMs", "totalMs", "probabilities": [[...], ...]}
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const tf = require('@tensorflow/tfjs');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function serve(directory) {
  const server = http.createServer((request, response) => {
    const file = path.join(directory, path.basename(decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    fs.readFile(file, (error, data) => {
      if (error) { response.writeHead(404); response.end(); return; }
      response.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
      response.end(data);
    });
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const [modelDir, inputPath] = process.argv.slice(2);
  if (!modelDir || !inputPath) throw new Error('usage: node predict.js <modelDir> <inputs.f32> [--backend wasm|cpu] [--batch 8]');
  const backend = option('backend', 'wasm');
  const batch = Number(option('batch', '8'));
  if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend '${backend}' is not available`);
  await tf.ready();

  const bytes = fs.readFileSync(inputPath);
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const perImage = 224 * 224 * 3;
  const count = values.length / perImage;
  if (!Number.isInteger(count)) throw new Error(`${inputPath} does not hold whole [224, 224, 3] images`);

  const server = await serve(path.resolve(modelDir));
  const started = Date.now();
  try {
    const model = await tf.loadLayersModel(`http://127.0.0.1:${server.address().port}/model.json`);
    const loadMs = Date.now() - started;
    const probabilities = [];
    let firstPredictionMs = null;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const chunk = values.subarray(start * perImage, (start + n) * perImage);
      const predictionStarted = Date.now();
      const output = tf.tidy(() => model.predict(tf.tensor4d(chunk, [n, 224, 224, 3])));
      const rows = await output.array();
      output.dispose();
      if (firstPredictionMs === null) firstPredictionMs = Date.now() - predictionStarted;
      probabilities.push(...rows);
    }
    process.stdout.write(JSON.stringify({ backend: tf.getBackend(), tfjsVersion: tf.version.tfjs, loadMs, firstPredictionMs, totalMs: Date.now() - started, probabilities }));
  } finally {
    server.close();
  }
}

main().catch(error => { console.error(error.stack || String(error)); process.exit(1); });
