# Control-loop wake-up lateness beside cyclictest's, from the data files
# bench/report.sh prepares (columns: from_us to_us count density
# at_least_from later_than_to, fractions of all wake-ups).
#
#   gnuplot -e "data='DIR'; png='OUT.png'; ct_overflows=N" bench/report_lateness.gp
loop = data.'/lateness_loop.dat'
ct = data.'/lateness_cyclictest.dat'

set terminal pngcairo size 1000,900 font ',11'
set rmargin 5
set output png
set multiplot layout 2,1 title 'Wake-up lateness under stress-ng load (same period, priority and run)'

set logscale xy
set grid
set key top right
set xlabel 'lateness after the deadline (µs)'
set format y '10^{%T}'
set xrange [1:*]
set style fill transparent solid 0.35 border

set title 'Distribution (each histogram bin divided by its width)'
set ylabel 'fraction of wake-ups per µs'
plot ct using (($1 + $2) / 2):($4 > 0 ? $4 : 1/0) with points pt 7 ps 0.5 lc rgb '#888888' title 'cyclictest (1 µs bins)', \
     loop using (($1 + $2) / 2):($4 > 0 ? $4 : 1/0):($2 - $1) with boxes lc rgb '#c03020' title 'omtd control loop (quarter-octave bins)'

set title 'Tail: how often a wake-up is at least x late'
if (ct_overflows > 0) {
	set label 1 sprintf('cyclictest: %d wake-up(s) beyond its 20 ms histogram', ct_overflows) at graph 0.02, graph 0.08
}
set ylabel 'fraction of wake-ups at least x late'
plot ct using 1:($5 > 0 ? $5 : 1/0) with steps lw 2 lc rgb '#888888' title 'cyclictest', \
     loop using 1:($5 > 0 ? $5 : 1/0) with steps lw 2 lc rgb '#c03020' title 'omtd control loop (at bin edges)'

unset multiplot
