# A move's setpoint against the drive's actual position, one row per
# control cycle (bench/bus_move_trace.sh writes the CSV).
#
#   gnuplot -e "csv='move_trace.csv'; png='OUT.png'" bench/report_move.gp
set terminal pngcairo size 1000,800 font ',11'
set output png
set datafile separator ','
set multiplot layout 2,1 title 'A height move over D-Bus on the simulated table, as the drive saw it (one point per control cycle)'
set grid
set key bottom right

set title 'Setpoint streamed by omtd and actual position'
set xlabel 'time since the first recorded write (s)'
set ylabel 'height (mm)'
plot csv using 1:2 with lines lw 2 lc rgb '#2060c0' title 'setpoint', \
     csv using 1:3 with lines lw 2 lc rgb '#c03020' title 'actual position'

set title 'Following error'
set ylabel 'setpoint - position (mm)'
set key top right
plot csv using 1:($2 - $3) with lines lw 2 lc rgb '#207030' title 'setpoint - position'

unset multiplot
