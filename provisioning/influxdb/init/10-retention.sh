# Sourced by the influxdb:1.8 image's init-influxdb.sh on the first start only (empty data volume),
# after it created $INFLUXDB_DB and the users; $INFLUX_CMD is that script's influx CLI call, as the
# admin. Raw readings are kept for INFLUX_RETENTION (the MySQL archive keeps the rollups for years).
$INFLUX_CMD "ALTER RETENTION POLICY \"autogen\" ON \"${INFLUXDB_DB}\" DURATION ${INFLUX_RETENTION:-90d} SHARD DURATION 1d DEFAULT"
