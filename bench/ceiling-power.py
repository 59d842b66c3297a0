#!/usr/bin/env python3
# usage: bench/ceiling-power.py COHORT_DIR...   (folders written by `osteoml generate`; Python 3 only, no packages)
# Power of the test split at the Bayes ceiling: paired DeLong p of the exact posterior given film + clinical
# vs given the film alone, on random 356-patient subsets (the test split's size) of each cohort.
import csv, math, random, sys
def delong(a, b, y):
    pos=[i for i in range(len(y)) if y[i]]; neg=[i for i in range(len(y)) if not y[i]]
    def comps(s):
        V10=[sum(1.0 if s[i]>s[j] else 0.5 if s[i]==s[j] else 0 for j in neg)/len(neg) for i in pos]
        V01=[sum(1.0 if s[i]>s[j] else 0.5 if s[i]==s[j] else 0 for i in pos)/len(pos) for j in neg]
        return sum(V10)/len(V10), V10, V01
    A,a10,a01=comps(a); B,b10,b01=comps(b)
    def cov(x,y):
        mx,my=sum(x)/len(x),sum(y)/len(y); return sum((p-mx)*(q-my) for p,q in zip(x,y))/(len(x)-1)
    var=(cov(a10,a10)+cov(b10,b10)-2*cov(a10,b10))/len(pos)+(cov(a01,a01)+cov(b01,b01)-2*cov(a01,b01))/len(neg)
    z=(A-B)/math.sqrt(var); return A-B, math.erfc(abs(z)/math.sqrt(2))
for folder in sys.argv[1:]:
    label={r['patient_id']:r['osteoporosis']=='1' for r in csv.DictReader(open(folder+'/cohort.csv'))}
    rows=list(csv.DictReader(open(folder+'/bayes_posterior.csv')))
    rng=random.Random(1); ps=[]; ds=[]
    for _ in range(40):
        sub=rng.sample(rows,356); y=[label[r['patient_id']] for r in sub]
        d,p=delong([float(r['p_both']) for r in sub],[float(r['p_film']) for r in sub],y); ps.append(p); ds.append(d)
    ps.sort()
    print(f"{folder.split('-')[-1]}: ceiling both-film AUC {sum(ds)/len(ds):+.4f}; DeLong p median {ps[len(ps)//2]:.3f}, share p<0.05 {sum(p<0.05 for p in ps)/len(ps):.2f}")
