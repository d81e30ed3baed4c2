# SPDX-License-Identifier: MIT
# fig6-linux.gp - figure 6's Linux tree at ½ to 4 times its size: one
# call's cost, kmod's and umod's, from bench-tools' fig6-linux.dat
# (columns: scale, modules, then wall-clock ms for depmod, -D, -R and
# modinfo, kmod's then umod's; then the same as CPU ms).
#   gnuplot -e "data='DIR/fig6-linux.dat'; out='DIR/fig6-linux.svg'" bench/fig6-linux.gp
if (!exists("data")) data = 'build/bench/fig6-linux.dat'
if (!exists("out")) out = 'build/bench/fig6-linux.svg'
set terminal svg size 980,440 font "sans,11" background rgb "white"
set output out
set multiplot layout 1,2 title "One call on Debian's module tree at ½, 1, 2 and 4 times its size (medians)"
set xlabel "modules in the tree"
set grid
set logscale x 2
set xrange [420:6000]
set xtics (561, 1121, 2242, 4484)
set yrange [0:*]
set key bottom right
set title "CPU per call (user + system)"
set ylabel "ms"
plot data using 2:13 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "kmod modprobe -D", \
     data using 2:14 with linespoints lw 2 pt 5 lc rgb "#ff7f0e" title "umod modprobe -D", \
     data using 2:15 with linespoints lw 2 pt 7 dt 2 lc rgb "#1f77b4" title "kmod modprobe -R", \
     data using 2:16 with linespoints lw 2 pt 5 dt 2 lc rgb "#ff7f0e" title "umod modprobe -R", \
     data using 2:17 with linespoints lw 2 pt 7 dt 3 lc rgb "#2ca02c" title "kmod modinfo", \
     data using 2:18 with linespoints lw 2 pt 5 dt 3 lc rgb "#d62728" title "umod modinfo"
set title "depmod -a, CPU (user + system)"
set key top left
plot data using 2:11 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "kmod depmod", \
     data using 2:12 with linespoints lw 2 pt 5 lc rgb "#ff7f0e" title "umod depmod"
unset multiplot
