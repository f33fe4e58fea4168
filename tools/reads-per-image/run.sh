#!/bin/bash
# Reads per image, measured: runs the studio under strace on 30 flower photos (../shared/datasets/flowers-small) and
# counts, phase by phase, the opens of image files by the studio process: upload, a cold training run, a warm one, one
# prediction, a test-set upload, a cold evaluation, a warm one. Needs a Release build of the studio, strace, jq, zip.
# Usage: tools/reads-per-image/run.sh [scratch folder]   (default /tmp/reads-per-image; it is deleted first)
set -e
REPO=$(cd "$(dirname "$0")/../.." && pwd); R=${1:-/tmp/reads-per-image}; WS=$R/ws; rm -rf "$R"; mkdir -p "$R"
mkdir -p $R/data/train/daisy $R/data/train/roses $R/data/test/daisy $R/data/test/roses
for c in daisy roses; do
  ls $REPO/../shared/datasets/flowers-small/$c | sort | head -15 | while read f; do cp $REPO/../shared/datasets/flowers-small/$c/$f $R/data/train/$c/; done
  ls $REPO/../shared/datasets/flowers-small/$c | sort | sed -n 16,20p | while read f; do cp $REPO/../shared/datasets/flowers-small/$c/$f $R/data/test/$c/; done
done
PHOTO=$(ls $REPO/../shared/datasets/flowers-small/daisy/* | sort | sed -n 30p)
(cd $R/data && zip -qr ../train.zip train && cd test && zip -qr ../../test.zip .)
Studio__Workspace=$WS strace -f -tt -e trace=openat -o $R/trace.txt dotnet $REPO/src/SkinCancer.Studio/bin/Release/net10.0/SkinCancer.Studio.dll --urls http://127.0.0.1:5077 > $R/studio.log 2>&1 &
for i in $(seq 1 120); do curl -sf http://127.0.0.1:5077/ >/dev/null && break; sleep 1; done
S=http://127.0.0.1:5077/api
mark() { echo "$(date +%H:%M:%S.%6N) $1" >> $R/marks.txt; }
P=$(curl -s $S/projects -H 'Content-Type: application/json' -d '{"name": "reads"}' | jq -r .id)
mark upload; curl -s $S/projects/$P/images -H 'X-Studio-Upload: 1' -F files=@$R/train.zip | jq -c '.outcomes | group_by(.status) | map({(.[0].status): length}) | add'
mark train; RUN=$(curl -s $S/projects/$P/runs -H 'X-Studio-Upload: 1' -H 'Content-Type: application/json' -d '{"epochs": 10, "fineTune": "off"}' | jq -r .id)
for i in $(seq 1 300); do st=$(curl -s $S/projects/$P/runs/$RUN | jq -r .run.status); [ "$st" = completed ] && break; sleep 0.5; done; echo "run $st"
mark train-again; RUN2=$(curl -s $S/projects/$P/runs -H 'X-Studio-Upload: 1' -H 'Content-Type: application/json' -d '{"epochs": 10, "fineTune": "off"}' | jq -r .id)
for i in $(seq 1 300); do st=$(curl -s $S/projects/$P/runs/$RUN2 | jq -r .run.status); [ "$st" = completed ] && break; sleep 0.5; done; echo "second run $st"
mark predict; curl -s $S/projects/$P/runs/$RUN/predict -F image=@$PHOTO | jq -c '{predicted}'
mark testset; T=$(curl -s $S/projects/$P/testsets -H 'X-Studio-Upload: 1' -F files=@$R/test.zip | jq -r .testSetId); echo "test set $T"
mark evaluate; curl -s $S/projects/$P/runs/$RUN/evaluations -H 'Content-Type: application/json' -d "{\"testSetId\": \"$T\"}" | jq -c '{accuracy}'
mark evaluate-again; curl -s $S/projects/$P/runs/$RUN2/evaluations -H 'Content-Type: application/json' -d "{\"testSetId\": \"$T\"}" | jq -c '{accuracy}'
mark end
pkill -f "SkinCancer.Studio.dll --urls http://127.0.0.1:5077" || true; sleep 1
python3 "$REPO/tools/reads-per-image/count.py" "$R"
