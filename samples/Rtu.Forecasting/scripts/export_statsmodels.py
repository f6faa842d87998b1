# Export statsmodels-shipped datasets (read straight from the package's CSV files) to timestamp,value CSVs.
import csv, os
D = "/usr/lib/python3/dist-packages/statsmodels/datasets"
import sys
O = sys.argv[1]
def write(name, col, rows):
    with open(os.path.join(O, name + ".csv"), "w") as f:
        f.write(f"timestamp,{col}\n")
        for t, v in rows: f.write(f"{t},{v}\n")
# elnino: wide YEAR x month -> monthly sea surface temperature
r = list(csv.reader(open(f"{D}/elnino/elnino.csv")))
write("elnino", "sst", [(f"{int(float(row[0]))}-{m:02d}-01", row[m]) for row in r[1:] for m in range(1, 13)])
# sunspots yearly
r = list(csv.reader(open(f"{D}/sunspots/sunspots.csv")))
write("sunspots_year", "sunactivity", [(int(float(a)), b) for a, b in r[1:]])
# co2 weekly (Mauna Loa flask), gaps as empty fields
r = list(csv.reader(open(f"{D}/co2/co2.csv")))
write("co2_weekly", "co2", [(f"{d[:4]}-{d[4:6]}-{d[6:]}", v) for d, v in r[1:]])
# macrodata quarterly: realgdp, infl, unemp, tbilrate
r = list(csv.DictReader(open(f"{D}/macrodata/macrodata.csv")))
with open(f"{O}/macrodata.csv", "w") as f:
    f.write("timestamp,realgdp,infl,unemp,tbilrate\n")
    for row in r:
        y, q = int(float(row["year"])), int(float(row["quarter"]))
        f.write(f"{y}-{(q-1)*3+1:02d}-01,{row['realgdp']},{row['infl']},{row['unemp']},{row['tbilrate']}\n")
# elec_equip monthly (euro area electrical equipment orders index)
r = list(csv.reader(open(f"{D}/elec_equip/elec_equip.csv")))
import datetime
write("elec_equip", "orders", [(datetime.datetime.strptime(d, "%b-%d-%Y").strftime("%Y-%m-%d"), v) for d, v in r[1:]])
