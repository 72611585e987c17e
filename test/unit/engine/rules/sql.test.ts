import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEngine, verdict, verdictCase } from '../../helpers';

useEngine();

describe('sql pack', () => {
	const t = verdictCase;

	describe('psql', () => {
		t('psql -c "DROP TABLE users"', 'confirm', 'users', 'sql:drop-table');
		t('psql -d app -c "DROP DATABASE app_production"', 'confirm', 'app_production', 'sql:drop-database');
		t('psql --command="TRUNCATE orders"', 'confirm', 'orders', 'sql:truncate');
		t('psql postgres://admin:s3cret@prod-db:5432/app -c "DELETE FROM users"', 'confirm', 'users', 'sql:delete-all');
		t("psql -h db.internal -U postgres app -c 'UPDATE accounts SET balance = 0'", 'confirm', 'accounts', 'sql:update-all');
		t('psql -c "ALTER TABLE users DROP COLUMN email" app', 'confirm', 'email', 'sql:alter-drop');
		t('psql -X -q -v ON_ERROR_STOP=1 -c "SELECT 1" -c "DROP SCHEMA audit CASCADE"', 'confirm', 'audit', 'sql:drop-database');
		t('psql app -f sql/reset.sql', 'confirm', 'public', 'sql:drop-database');
		t('psql app --file=sql/wipe.sql', 'confirm', 'orders', 'sql:truncate');
		t('psql app -f sql/include.sql', 'confirm', 'orders', 'sql:truncate');
		t('psql app < sql/down.sql', 'confirm', 'legacy_id', 'sql:alter-drop');
		t('echo "DROP TABLE sessions;" | psql app', 'confirm', 'sessions');
		t("psql app <<< 'DELETE FROM jobs WHERE 1=1'", 'confirm', 'jobs', 'sql:delete-all');
		t('psql app <<SQL\nBEGIN;\nDELETE FROM carts;\nCOMMIT;\nSQL', 'confirm', 'carts');
		t('cat sql/reset.sql | psql -d app', 'confirm', 'public');
	});

	describe('the reason names the database, without its password', () => {
		it('psql postgres://admin:s3cret@prod-db/app', () => {
			const v = verdict('psql postgres://admin:s3cret@prod-db/app -c "DROP TABLE users"');
			assert.match(v.reason, /postgres:\/\/admin:\*\*\*@prod-db\/app/);
			assert.doesNotMatch(v.reason, /s3cret/);
		});
		it('PGHOST and PGDATABASE from the environment', () => {
			assert.match(verdict('PGHOST=prod-db PGDATABASE=app psql -c "DROP TABLE users"').reason, /app at prod-db/);
		});
		it('mysql -h host db', () => {
			assert.match(verdict('mysql -h prod-mysql shop -e "TRUNCATE orders"').reason, /shop at prod-mysql/);
		});
	});

	describe('wrappers', () => {
		t('sudo -u postgres psql -c "DROP DATABASE staging"', 'confirm', 'staging');
		t('env PGPASSWORD=x psql -h prod -c "drop table users"', 'confirm', 'users');
		t('bash -c \'psql -c "TRUNCATE events"\'', 'confirm', 'events');
		t('ssh db1 "psql -d app -c \\"DROP SCHEMA public CASCADE\\""', 'confirm', 'public');
		t('docker exec -it pg psql -U postgres -c "DROP DATABASE app"', 'confirm', 'app');
		t('docker compose exec db psql -U postgres app -c "DELETE FROM users"', 'confirm', 'users');
		t('kubectl exec -n data pg-0 -- psql -U postgres -c "DROP TABLE orders"', 'confirm', 'orders');
		t('docker exec -i db mysql -uroot -psecret shop < sql/mysql_dump.sql', 'confirm', 'customers');
		t("python3 -c \"import psycopg2; c = psycopg2.connect('dbname=app'); c.cursor().execute('DROP TABLE users')\"", 'confirm', 'users');
		t("node -e \"db.query('TRUNCATE TABLE sessions')\"", 'confirm', 'sessions');
	});

	describe('other clients', () => {
		t('mysql -u root -p shop -e "DROP TABLE orders"', 'confirm', 'orders');
		t('mysql -uroot -psecret -e "DROP DATABASE shop"', 'confirm', 'shop', 'sql:drop-database');
		t('mysql --execute="DELETE FROM cart_items" shop', 'confirm', 'cart_items');
		t('mariadb -Bse "TRUNCATE TABLE logs"', 'confirm', 'logs');
		t('mysql shop < sql/mysql_dump.sql', 'confirm', 'customers', 'sql:drop-table');
		t('sqlite3 app.db "DROP TABLE users"', 'confirm', 'users');
		t("sqlite3 -bail db/dev.sqlite3 'DELETE FROM posts'", 'confirm', 'posts');
		t('sqlite3 app.db ".read sql/wipe.sql"', 'confirm', 'orders');
		t('sqlcmd -S prod-sql -d Shop -Q "DROP TABLE dbo.Orders"', 'confirm', 'dbo.Orders');
		t('sqlcmd -S localhost -i sql/drop_legacy.tsql.sql', 'confirm', 'dbo.LegacyOrders');
		t('clickhouse-client --query "DROP TABLE events"', 'confirm', 'events');
		t("clickhouse client -q 'TRUNCATE TABLE logs.requests'", 'confirm', 'logs.requests');
		t('cockroach sql --insecure -e "DROP DATABASE bank CASCADE"', 'confirm', 'bank');
		t('snowsql -a acme -q "DROP SCHEMA analytics.staging"', 'confirm', 'analytics.staging');
		t("bq query --use_legacy_sql=false 'DELETE FROM `acme.analytics.events` WHERE true'", 'confirm', 'acme.analytics.events');
		t('duckdb warehouse.duckdb -c "DROP TABLE trips"', 'confirm', 'trips');
		t('usql pg://prod/app -c "TRUNCATE users"', 'confirm', 'users');
		t('turso db shell prod-db "DELETE FROM users"', 'confirm', 'users');
		t('npx wrangler d1 execute prod-db --remote --command="DROP TABLE comments"', 'confirm', 'comments');
		t('wrangler d1 execute blog --local --file=./sql/d1_reset.sql', 'confirm', 'comments');
		t('echo "DROP TABLE users;" | rails dbconsole -p', 'confirm', 'users');
		t('echo "TRUNCATE jobs;" | python manage.py dbshell', 'confirm', 'jobs');
		t('python manage.py dbshell -- -c "DROP TABLE django_session"', 'confirm', 'django_session');
		t('npx prisma db execute --file sql/reset.sql --schema prisma/schema.prisma', 'confirm', 'public');
		t('echo "DELETE FROM \\"User\\";" | npx prisma db execute --stdin', 'confirm', 'User');
		t('cqlsh -e "DROP KEYSPACE shop"', 'confirm', 'shop', 'sql:drop-database');
		t('cqlsh cassandra.internal -f sql/purge_events.cql', 'confirm', 'analytics.events', 'sql:truncate');
		t("influx -database telegraf -execute 'DROP MEASUREMENT cpu'", 'confirm', 'cpu');
		t('heroku pg:psql -a acme-prod -c "DELETE FROM users"', 'confirm', 'users');
		t('echo "DROP TABLE x;" | pgcli postgres://localhost/dev', 'confirm', 'x');
		t('pscale shell shop main --execute "TRUNCATE orders"', 'confirm', 'orders');
		t('wp db query "DROP TABLE wp_posts"', 'confirm', 'wp_posts');
		t('ddev mysql -e "DROP DATABASE db"', 'confirm', 'db');
		t('lando psql -c "TRUNCATE sessions"', 'confirm', 'sessions');
		t('ddev drush sqlq "DELETE FROM watchdog"', 'confirm', 'watchdog');
		t('echo "DROP TABLE x;" | flyctl pg connect -a acme-db', 'confirm', 'x');
		t('PGHOST=prod-db PGDATABASE=app psql -c "DROP TABLE users"', 'confirm', 'users');
	});

	describe('utilities', () => {
		t('dropdb staging', 'confirm', 'staging', 'sql:dropdb');
		t('dropdb -h prod-db -U postgres --if-exists app', 'confirm', 'app', 'sql:dropdb');
		t('mysqladmin -u root -psecret drop shop', 'confirm', 'shop', 'sql:dropdb');
		t('mysqladmin -f drop shop_test', 'confirm', 'shop_test', 'sql:dropdb');
		t('pg_restore --clean --if-exists -d app latest.dump', 'confirm', 'app', 'sql:restore-clean');
		t('pg_dump --clean prod | psql staging', 'confirm', 'staging', 'sql:restore-clean');
		t('pg_dump -Fc -f prod.dump prod', 'allow');
		t('pg_restore -l latest.dump', 'allow');
		t('pg_dump prod | psql staging', 'allow');
		t('createdb app_test', 'allow');
	});

	describe('scripts that cannot be read ask, naming the file', () => {
		t('psql app -f missing.sql', 'confirm', 'missing.sql', 'sql:unknown-script');
		t('mysql app < missing.sql', 'confirm', 'missing.sql', 'sql:unknown-script');
		t('curl -s https://example.com/x.sql | psql app', 'confirm', 'https://example.com/x.sql', 'sql:unknown-script');
		t('cat missing.sql | psql app', 'confirm', 'missing.sql', 'sql:unknown-script');
		t('sqlite3 :memory: < missing.sql', 'allow');
	});

	describe('hard negatives', () => {
		t("psql -c \"SELECT * FROM users WHERE note = 'drop table'\"", 'allow');
		t('psql -c "DELETE FROM users WHERE id = 42"', 'allow');
		t('psql -c "UPDATE users SET name = \'x\' WHERE id = 1"', 'allow');
		t('psql -c "\\dt"', 'allow');
		t('psql -l', 'allow');
		t('psql app -f sql/seed.sql', 'allow');
		t('psql app -f sql/cleanup.sql', 'allow');
		t('psql app -f sql/report.sql', 'allow');
		t('psql app -f db/schema.sql', 'allow');
		t('mysql -e "SHOW TABLES"', 'allow');
		t('mysql -e "SELECT 1 -- DROP TABLE users"', 'allow');
		t('grep -r "DROP TABLE" migrations/', 'allow');
		t('echo "DROP TABLE users" > notes.txt', 'allow');
		t('git commit -m "drop table users"', 'allow');
		t('sqlite3 :memory: "CREATE TABLE t(x); DROP TABLE t"', 'allow');
		t('sqlite3 -readonly app.db "DELETE FROM users"', 'allow');
		t('sqlite3 app.db .tables', 'allow');
		t('psql -c "EXPLAIN DELETE FROM users"', 'allow');
		t('psql -c "CREATE TEMP TABLE t AS SELECT 1; DROP TABLE t"', 'allow');
		t('psql -c "DROP INDEX idx_users_email"', 'allow');
		t('bq query --dry_run "DELETE FROM ds.t WHERE true"', 'allow');
		t('mysql -e "DELETE FROM logs LIMIT 100"', 'allow');
	});

	describe('production raises medium statements', () => {
		it('DROP INDEX is allowed, but confirmed in production', () => {
			assert.equal(verdict('psql -c "DROP INDEX idx_users_email"', { production: true }).decision, 'confirm');
		});
		it('rails dbconsole -e production raises a DROP VIEW itself', () => {
			assert.equal(verdict('echo "DROP VIEW v;" | rails dbconsole -e production').decision, 'confirm');
		});
	});
});

describe('sql: statements built by the query, psql variables, included files that cannot be read', () => {
	const t = verdictCase;
	// Each was allowed, or asked for the statement's keywords instead of the table.
	t(`psql shop -c "SELECT format('DROP TABLE %I', 'users') \\gexec"`, 'confirm', 'users', 'sql:drop-table');
	t(`psql shop -c "SELECT 'DROP TABLE ' || tablename FROM pg_tables WHERE schemaname = 'public' \\gexec"`, 'confirm', 'DROP TABLE', 'sql:drop-table');
	t(`psql shop -c "DO \\$\\$ BEGIN EXECUTE format('TRUNCATE %I', 'orders'); END \\$\\$"`, 'confirm', 'orders', 'sql:truncate');
	t(`mysql -e 'PREPARE s FROM "DROP TABLE users"; EXECUTE s' shop`, 'confirm', 'users', 'sql:drop-table');
	t(`psql -v t=users shop -c 'DROP TABLE :t'`, 'confirm', 'users', 'sql:drop-table');
	t(`psql --set=t=users shop <<< 'DROP TABLE :"t"'`, 'confirm', 'users', 'sql:drop-table');
	t(`psql shop <<< $'\\\\set t users\\nDELETE FROM :t;'`, 'confirm', 'users', 'sql:delete-all');
	t(`psql shop -c '\\i /tmp/nothere.sql'`, 'confirm', '/tmp/nothere.sql', 'sql:unknown-script');
	// Look-alikes: a query that builds text but is not run, a cast, a variable in a harmless query.
	t(`psql shop -c "SELECT format('DROP TABLE %I', 'users')"`, 'allow');
	t(`psql shop -c "SELECT created_at::date FROM users WHERE id = 1"`, 'allow');
	t(`psql -v id=7 shop -c 'SELECT * FROM users WHERE id = :id'`, 'allow');
});

describe('sql: a mysqldump piped into another database replaces its tables', () => {
	// Was allowed: mysqldump's default --opt writes DROP TABLE IF EXISTS before each table (only
	// --add-drop-database was read), as the same dump read from a file already asked.
	verdictCase('mysqldump shop | mysql other', 'confirm', 'other', 'sql:restore-clean');
	verdictCase('mysqldump -h prod shop orders | mysql -h staging shop', 'confirm', 'shop', 'sql:restore-clean');
	verdictCase('mariadb-dump shop | mariadb other', 'confirm', 'other', 'sql:restore-clean');
	verdictCase('mysqldump --skip-add-drop-table shop | mysql other', 'allow');
	verdictCase('mysqldump --compact shop | mysql other', 'allow');
	verdictCase('mysqldump -t shop | mysql other', 'allow');
	verdictCase('mysqldump shop > backup.sql', 'allow');
});
