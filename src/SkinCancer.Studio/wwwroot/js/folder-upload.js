// Folder upload for the studio: collects dropped folders (webkitGetAsEntry), chosen folders (webkitdirectory) and zips,
// labels each file by the first folder level under what was dropped, and POSTs them in batches over plain HTTP.
// Labelling mirrors DroppedFolderLabels.cs: a shared top folder is stripped while every path starts with it and at least
// one path has subfolders below it. A loose file beside the class folders ("train/LICENSE.txt") is then left without a
// folder and skipped by the server as "not inside a class folder"; a folder holding only files keeps its name as the label.

const batchFiles = 64;
const batchBytes = 8 * 1024 * 1024;
const progressIntervalMs = 200;

export function attach(root, dotnet, uploadUrl) {
    const zone = root.querySelector('[data-role=drop-zone]');
    const folderInput = root.querySelector('input[data-role=folder]');
    const zipInput = root.querySelector('input[data-role=zip]');
    let busy = false;

    const start = async (items) => {
        if (busy || items.length === 0) return;
        busy = true;
        try {
            await upload(items, dotnet, uploadUrl);
        } finally {
            busy = false;
        }
    };
    const onDragOver = (e) => { e.preventDefault(); zone.classList.add('drag-over'); };
    const onDragLeave = () => zone.classList.remove('drag-over');
    const onDrop = async (e) => {
        e.preventDefault();
        zone.classList.remove('drag-over');
        const entries = [...e.dataTransfer.items].map(i => i.webkitGetAsEntry ? i.webkitGetAsEntry() : null).filter(Boolean);
        const items = [];
        for (const entry of entries) await walk(entry, items);
        await start(items);
    };
    const onFolder = async () => {
        const items = [...folderInput.files].map(f => ({ file: f, path: f.webkitRelativePath || f.name }));
        folderInput.value = '';
        await start(items);
    };
    const onZip = async () => {
        const items = [...zipInput.files].map(f => ({ file: f, path: f.name }));
        zipInput.value = '';
        await start(items);
    };
    zone.addEventListener('dragover', onDragOver);
    zone.addEventListener('dragleave', onDragLeave);
    zone.addEventListener('drop', onDrop);
    folderInput.addEventListener('change', onFolder);
    zipInput.addEventListener('change', onZip);
    root.dataset.ready = 'true';
    return {
        dispose: () => {
            zone.removeEventListener('dragover', onDragOver);
            zone.removeEventListener('dragleave', onDragLeave);
            zone.removeEventListener('drop', onDrop);
            folderInput.removeEventListener('change', onFolder);
            zipInput.removeEventListener('change', onZip);
        }
    };
}


async function walk(entry, out) {
    if (entry.isFile) {
        const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
        out.push({ file, path: entry.fullPath.replace(/^\/+/, '') });
    } else if (entry.isDirectory) {
        const reader = entry.createReader();
        // Chrome returns at most 100 entries per call: read until an empty batch.
        for (;;) {
            const children = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
            if (children.length === 0) break;
            for (const child of children) await walk(child, out);
        }
    }
}

function label(items) {
    const zips = items.filter(i => /\.zip$/i.test(i.path));
    const files = items.filter(i => !/\.zip$/i.test(i.path));
    let parts = files.map(i => i.path.split('/'));
    while (parts.length > 0
           && parts.every(p => p.length >= 2)
           && parts.some(p => p.length >= 3)
           && new Set(parts.map(p => p[0])).size === 1) {
        parts = parts.map(p => p.slice(1));
    }
    return files.map((i, k) => ({ file: i.file, path: parts[k].join('/') }))
        .concat(zips.map(i => ({ file: i.file, path: i.file.name })));
}

function batches(items) {
    const result = [];
    let current = [], bytes = 0;
    for (const item of items) {
        const isZip = /\.zip$/i.test(item.path);
        if (current.length > 0 && (isZip || current.length >= batchFiles || bytes + item.file.size > batchBytes)) {
            result.push(current);
            current = [];
            bytes = 0;
        }
        current.push(item);
        bytes += item.file.size;
        if (isZip) {
            result.push(current);
            current = [];
            bytes = 0;
        }
    }
    if (current.length > 0) result.push(current);
    return result;
}

async function upload(items, dotnet, uploadUrl) {
    const labelled = label(items);
    const totalFiles = labelled.length;
    const totalBytes = labelled.reduce((s, i) => s + i.file.size, 0);
    let doneFiles = 0, doneBytes = 0, lastReport = 0;
    const report = async (force, inFlight) => {
        const now = performance.now();
        if (!force && now - lastReport < progressIntervalMs) return;
        lastReport = now;
        await dotnet.invokeMethodAsync('OnUploadProgress', doneFiles, totalFiles, Math.min(totalBytes, doneBytes + inFlight), totalBytes);
    };
    await report(true, 0);
    for (const batch of batches(labelled)) {
        const form = new FormData();
        for (const item of batch) form.append('files', item.file, item.path);
        const batchBytesTotal = batch.reduce((s, i) => s + i.file.size, 0);
        let response;
        try {
            response = await post(uploadUrl, form, (loaded, total) => report(false, total > 0 ? batchBytesTotal * loaded / total : 0));
        } catch (error) {
            await dotnet.invokeMethodAsync('OnUploadError', String(error));
            return;
        }
        if (response.status < 200 || response.status >= 300) {
            await dotnet.invokeMethodAsync('OnUploadError', `upload refused (HTTP ${response.status}): ${problemDetail(response.text)}`);
            return;
        }
        doneFiles += batch.length;
        doneBytes += batchBytesTotal;
        await dotnet.invokeMethodAsync('OnBatchUploaded', response.text);
        await report(true, 0);
    }
    await dotnet.invokeMethodAsync('OnUploadFinished');
}

// Errors are RFC 9457 problem details: show their detail, or the body as it came when it is not one.
function problemDetail(text) {
    try {
        return JSON.parse(text).detail ?? text;
    } catch {
        return text;
    }
}

function post(url, form, onProgress) {
    return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', url);
        xhr.setRequestHeader('X-Studio-Upload', '1');
        xhr.upload.onprogress = (e) => { onProgress(e.loaded, e.total); };
        xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
        xhr.onerror = () => reject(new Error('network error'));
        xhr.send(form);
    });
}
