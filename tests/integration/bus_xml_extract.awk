# Print the org.omt.Table1* interface nodes of an introspection document,
# verbatim: the shipped docs/org.omt.Table1.xml and what omtd serves are
# compared through this.
/<interface name="org\.omt\.Table1/ { inside = 1 }
inside { print }
inside && /<\/interface>/ { inside = 0 }
