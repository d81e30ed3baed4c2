# SPDX-License-Identifier: MIT
# fig3-symbols.gp - figure 3: the cost of an import as modules grow, from
# bench-symbols' fig3-symbols.dat (columns: modules, then median, min and
# max ns of the probe's load per import, umod_find_symbol of a host
# export, of a module export, the Linux model's module-export lookup, and
# the probe's load per import in the loading thread's CPU time).
#   gnuplot -e "data='DIR/fig3-symbols.dat'; out='DIR/fig3-symbols.svg'" bench/fig3-symbols.gp
if (!exists("data")) data = 'build/bench/fig3-symbols.dat'
if (!exists("out")) out = 'build/bench/fig3-symbols.svg'
set terminal svg size 980,440 font "sans,11" background rgb "white"
set output out
set termoption noenhanced
set multiplot layout 1,2 title "Resolving imports against a million host exports, as modules grow (median, min–max)"
set xlabel "modules loaded"
set grid
set logscale x 10
set xrange [5:20000]
set key top left
set title "umod, ns per import"
set ylabel "ns"
set logscale y 10
set yrange [10:5000]
plot 100 with lines dt 2 lw 1 lc rgb "black" title "issue 14's goal, 100 ns", \
     data using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb "#1f77b4" title "probe load (10,000 imports), per import", \
     data using 1:5:6:7 with yerrorlines lw 2 pt 5 lc rgb "#ff7f0e" title "umod_find_symbol, host export", \
     data using 1:8:9:10 with yerrorlines lw 2 pt 9 lc rgb "#2ca02c" title "umod_find_symbol, module export", \
     data using 1:14:15:16 with yerrorlines lw 2 pt 6 lc rgb "#9467bd" title "probe load, per import, CPU time"
set title "a module export's lookup: umod against Linux's (model)"
set yrange [10:*]
plot data using 1:8:9:10 with yerrorlines lw 2 pt 9 lc rgb "#2ca02c" title "umod", \
     data using 1:11:12:13 with yerrorlines lw 2 pt 7 lc rgb "#d62728" title "Linux (model)"
unset multiplot
