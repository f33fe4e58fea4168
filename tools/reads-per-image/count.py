# Opens of image files by the studio process per phase (marks.txt), from strace -f -tt -e trace=openat (trace.txt).
# An image file is one under a project's staging/, images/ or testsets/ folder; folders and thumbnails are not counted.
import collections, re, sys
R=sys.argv[1]
def t(s): h,m,x=s.split(':'); return int(h)*3600+int(m)*60+float(x)
phases=[(t(a),b) for a,b in (l.split() for l in open(f'{R}/marks.txt'))]
reads=collections.defaultdict(collections.Counter); writes=collections.defaultdict(collections.Counter); created=collections.defaultdict(set)
for line in open(f'{R}/trace.txt'):
    m=re.match(r'\d+\s+(\S+) openat\(AT_FDCWD, "([^"]+)", (\S+)', line)
    if not m or 'ENOENT' in line: continue
    ts,path,flags=t(m.group(1)),m.group(2),m.group(3)
    ph=None
    for st,name in phases:
        if ts>=st: ph=name
    if ph is None or ph=='end' or 'O_DIRECTORY' in line: continue
    if 'O_CREAT' in flags and not re.search(r'\.db(-wal|-shm|-journal)?$',path): created[ph].add(path)
    if '/ws/projects/' not in path or not re.search(r'/(staging|images|testsets)/',path) or 'thumb' in path: continue
    (writes if ('O_WRONLY' in flags or 'O_RDWR' in flags) else reads)[ph][path]+=1
for _,ph in phases[:-1]:
    r=reads[ph]; w=writes[ph]
    print(f'{ph:15s} image files read: {len(r):3d} (opens per file: {min(r.values()) if r else 0}-{max(r.values()) if r else 0}); image files written: {len(w):3d}; other files created: {len(created[ph]-set(w))}')
