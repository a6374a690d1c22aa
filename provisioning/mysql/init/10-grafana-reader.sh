#!/bin/sh
# Run by the mysql image on its first start only (empty data volume), after it created
# MYSQL_DATABASE and MYSQL_USER (the bridge's archive account, which owns the schema).
# Creates the account Grafana's "SensorPlus MySQL archive" datasource uses: read-only.
# Passwords must not contain single quotes.
set -eu
mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL
CREATE USER IF NOT EXISTS '${MYSQL_GRAFANA_USER}'@'%' IDENTIFIED BY '${MYSQL_GRAFANA_PASSWORD}';
GRANT SELECT, SHOW VIEW ON \`${MYSQL_DATABASE}\`.* TO '${MYSQL_GRAFANA_USER}'@'%';
SQL
