namespace SkinCancer.Studio.Core.Export;

/// <summary>The exported web app's page: pick or drop an image, see the probabilities. Everything runs in the browser.</summary>
internal static class WebAppPage
{
    public const string IndexHtml = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Image classifier (SkinCancer Studio export)</title>
          <link rel="icon" href="data:,">
          <style>
            body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
            .notice { background: #fff4e5; border-left: 4px solid #e69500; padding: .75rem 1rem; }
            #drop { border: 2px dashed #888; border-radius: .5rem; padding: 2rem; text-align: center; margin: 1rem 0; cursor: pointer; }
            #drop.over { background: #eef5ff; border-color: #2a6fdb; }
            #preview { max-width: 224px; max-height: 224px; display: block; margin: 1rem auto; }
            .row { display: grid; grid-template-columns: 10rem 1fr 4rem; gap: .5rem; align-items: center; margin: .25rem 0; }
            .bar { background: #2a6fdb; height: 1rem; border-radius: .25rem; }
            .predicted { font-weight: bold; }
          </style>
        </head>
        <body>
          <h1>Image classifier</h1>
          <p class="notice" id="notice"><strong>Not a diagnostic tool.</strong> This model was trained on example images and can be wrong.
            See a doctor about any skin concern.</p>
          <p>Your image never leaves this device: the model runs in your browser with TensorFlow.js. Serve this folder from any
            static web server (opening index.html as a file does not work, browsers block loading the model from disk).</p>
          <p id="explanations-note">This page shows the prediction only. To see where the model looked (a heat map over the
            image), use Try in the studio, or its API with <code>predict?explain=true</code>.</p>
          <label id="drop">Drop an image here or click to pick one
            <input id="file" type="file" accept="image/*" hidden>
          </label>
          <p id="status" role="status">Loading the model…</p>
          <img id="preview" alt="" hidden>
          <div id="result" aria-live="polite"></div>
          <script src="tf.min.js"></script>
          <script type="module" src="app.js"></script>
        </body>
        </html>
        """;

    public const string AppJs = """
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
        """;
}
