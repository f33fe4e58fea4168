// Loads model.json (a TF.js Layers model: RGB 0-255 [N,224,224,3] in, probabilities out) and metadata.json
// (labels, decision rule), then classifies images the user picks or drops. No server calls besides these files.
// preprocess.js turns the file into the model's input exactly as the studio does.
import { toInput } from './preprocess.js';

const statusText = document.getElementById('status');
const result = document.getElementById('result');
const preview = document.getElementById('preview');
const drop = document.getElementById('drop');
const fileInput = document.getElementById('file');
let model, metadata;

async function load() {
  try {
    metadata = await (await fetch('metadata.json')).json();
    // An absolute URL: given a bare 'model.json', TF.js fetches the weight shards from the site's root, which breaks
    // as soon as the app is served from a subfolder (the studio's /try/…/, a project page on a static host).
    model = await tf.loadLayersModel(new URL('model.json', document.baseURI).href);
    statusText.textContent = `Model loaded (${metadata.labels.join(', ')}; TensorFlow.js ${tf.version.tfjs}, ${tf.getBackend()}).`;
  } catch (error) {
    statusText.textContent = `The model could not be loaded: ${error.message}. Serve this folder over http(s).`;
  }
}

function decide(probabilities) {
  const t = metadata.threshold;
  if (t && metadata.labels.length === 2) {
    const positive = metadata.labels.indexOf(t.positiveLabel);
    return probabilities[positive] >= t.value ? positive : 1 - positive;
  }
  return probabilities.indexOf(Math.max(...probabilities));
}

async function classify(file) {
  if (!model) return;
  if (!file.type.startsWith('image/')) { statusText.textContent = `${file.name} is not an image.`; return; }
  statusText.textContent = `Classifying ${file.name}…`;
  try {
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    const input = await toInput(file);
    const output = model.predict(input);
    const probabilities = Array.from(await output.data());
    tf.dispose([input, output]);
    show(probabilities);
    statusText.textContent = `${file.name}:`;
  } catch (error) {
    statusText.textContent = `${file.name} could not be read as an image: ${error.message}`;
  }
}

function show(probabilities) {
  const predicted = decide(probabilities);
  result.replaceChildren(...metadata.labels.map((label, i) => {
    const row = document.createElement('div');
    row.className = 'row' + (i === predicted ? ' predicted' : '');
    row.dataset.label = label;
    row.dataset.probability = probabilities[i];
    const name = document.createElement('span');
    name.textContent = label;
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.style.width = `${(100 * probabilities[i]).toFixed(1)}%`;
    const value = document.createElement('span');
    value.textContent = `${(100 * probabilities[i]).toFixed(1)} %`;
    row.append(name, bar, value);
    return row;
  }));
  result.dataset.predicted = metadata.labels[predicted];
}

fileInput.addEventListener('change', () => fileInput.files[0] && classify(fileInput.files[0]));
drop.addEventListener('dragover', event => { event.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', event => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer.files[0]) classify(event.dataTransfer.files[0]);
});
load();
