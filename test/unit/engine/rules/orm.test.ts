import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEngine, verdict, verdictCase } from '../../helpers';

useEngine();

describe('orm pack', () => {
	const t = verdictCase;

	describe('prisma', () => {
		t('npx prisma migrate reset', 'confirm', 'reset', 'orm:prisma');
		t('npx prisma migrate reset --force --skip-seed', 'confirm', 'reset', 'orm:prisma');
		t('pnpm exec prisma db push --force-reset', 'confirm', 'db', 'orm:prisma');
		t('prisma db push --accept-data-loss --schema=./prisma/schema.prisma', 'confirm', 'db', 'orm:prisma');
		t('npx prisma migrate dev --name add_users', 'allow');
		t('npx prisma db push', 'allow');
		t('npx prisma migrate deploy', 'allow');
		t('npx prisma generate', 'allow');
	});

	describe('rails and rake', () => {
		t('rails db:drop', 'confirm', 'db:drop', 'orm:rails-db');
		t('bin/rails db:drop db:create db:migrate', 'confirm', 'db:drop');
		t('bundle exec rake db:reset', 'confirm', 'db:reset');
		t('bin/rails db:schema:load', 'confirm', 'db:schema:load');
		t('rails db:migrate:reset', 'confirm', 'db:migrate:reset');
		t('bin/rails db:seed:replant', 'confirm', 'db:seed:replant');
		t('bin/rails db:truncate_all', 'confirm', 'db:truncate_all');
		t('rails db:drop:primary', 'confirm', 'db:drop:primary');
		t('rails db:purge', 'confirm', 'db:purge');
		t('rails db:migrate', 'allow');
		t('rails db:rollback', 'allow');
		t('rails db:migrate:status', 'allow');
		t('rails db:test:prepare', 'allow');
		t('rails -T db', 'allow');
		t('rake -n db:drop', 'allow');
		it('RAILS_ENV=production rails db:drop is critical (policy escalation)', () => {
			const v = verdict('RAILS_ENV=production rails db:drop');
			assert.equal(v.decision, 'confirm');
			assert.equal(v.severity, 'critical');
		});
		it('rake db:drop RAILS_ENV=production (argument) is critical', () => {
			assert.equal(verdict('bundle exec rake db:drop RAILS_ENV=production').severity, 'critical');
		});
		it('DISABLE_DATABASE_ENVIRONMENT_CHECK=1 is named in the reason', () => {
			const v = verdict('DISABLE_DATABASE_ENVIRONMENT_CHECK=1 rails db:drop');
			assert.match(v.reason, /DISABLE_DATABASE_ENVIRONMENT_CHECK/);
			assert.equal(v.severity, 'critical');
		});
		it('rails db:rollback is confirmed in production', () => {
			assert.equal(verdict('RAILS_ENV=production rails db:rollback').decision, 'confirm');
		});
	});

	describe('django', () => {
		t('python manage.py flush --noinput', 'confirm', 'flush', 'orm:django');
		t('./manage.py flush', 'confirm', 'flush');
		t('python3 manage.py reset_db --noinput', 'confirm', 'reset_db');
		t('python manage.py migrate billing zero', 'confirm', 'billing');
		t('django-admin flush --settings=app.settings.prod', 'confirm', 'flush');
		t('uv run python manage.py flush --database=analytics', 'confirm', 'flush');
		t('python manage.py migrate', 'allow');
		t('python manage.py sqlflush', 'allow');
		t('python manage.py makemigrations', 'allow');
		t('python manage.py migrate billing 0003', 'allow');
	});

	describe('node, php, elixir, python, .NET, go, java tools', () => {
		t('npx knex migrate:rollback --all', 'confirm', 'migrate:rollback', 'orm:knex');
		t('npx knex migrate:rollback', 'allow');
		t('npx sequelize-cli db:drop', 'confirm', 'db:drop', 'orm:sequelize');
		t('npx sequelize db:migrate:undo:all --env production', 'confirm', 'db:migrate:undo:all');
		t('npx typeorm schema:drop -d src/data-source.ts', 'confirm', 'schema:drop', 'orm:typeorm');
		t('npx typeorm-ts-node-commonjs schema:drop --dataSource ./src/db.ts', 'confirm', 'schema:drop');
		t('npx drizzle-kit push --force', 'confirm', 'push', 'orm:drizzle');
		t('npx drizzle-kit push', 'allow');
		t('npx drizzle-kit generate', 'allow');
		t('php artisan migrate:fresh --seed', 'confirm', 'migrate:fresh', 'orm:artisan');
		t('php artisan migrate:refresh --force', 'confirm', 'migrate:refresh');
		t('./vendor/bin/sail artisan db:wipe', 'confirm', 'db:wipe');
		t('docker compose exec app php artisan migrate:reset', 'confirm', 'migrate:reset');
		t('php artisan migrate', 'allow');
		t('php artisan migrate:status', 'allow');
		t('supabase db reset', 'confirm', 'reset', 'orm:supabase-reset');
		t('npx supabase db reset --linked', 'confirm', 'reset');
		t('supabase db push', 'allow');
		t('mix ecto.drop', 'confirm', 'ecto.drop', 'orm:ecto');
		t('MIX_ENV=prod mix ecto.reset', 'confirm', 'ecto.reset');
		t('mix ecto.rollback --all', 'confirm', 'ecto.rollback');
		t('mix ecto.migrate', 'allow');
		t('alembic downgrade base', 'confirm', 'base', 'orm:alembic');
		t('alembic -c alembic.ini downgrade base', 'confirm', 'base');
		t('flask db downgrade base', 'confirm', 'base');
		t('alembic downgrade -1 --sql', 'allow');
		t('alembic upgrade head', 'allow');
		t('dotnet ef database drop --force', 'confirm', 'drop', 'orm:dotnet-ef');
		t('dotnet ef database update 0', 'confirm', 'database');
		t('dotnet ef database update', 'allow');
		t('goose -dir db/migrations postgres "$DATABASE_URL" reset', 'confirm', 'reset', 'orm:migrate-tools');
		t('goose down-to 0', 'confirm', 'down-to');
		t('migrate -path db/migrations -database "postgres://u:p@prod/app" drop -f', 'confirm', 'drop');
		t('migrate -source file://migrations -database $DB down', 'confirm', 'down');
		t('dbmate drop', 'confirm', 'drop');
		t('migrate -path db/migrations -database $DB up', 'allow');
		t('dbmate up', 'allow');
		t('flyway -url=jdbc:postgresql://prod-db/app -cleanDisabled=false clean', 'confirm', 'clean', 'orm:schema-tools');
		t('liquibase dropAll', 'confirm', 'dropAll');
		t('flyway migrate', 'allow');
		t('liquibase update', 'allow');
	});

	describe('more frameworks', () => {
		t('npx mikro-orm schema:fresh --run --seed', 'confirm', 'schema:fresh', 'orm:mikro-orm');
		t('npx mikro-orm schema:fresh', 'allow');
		t('pnpm payload migrate:reset', 'confirm', 'migrate:reset', 'orm:payload');
		t('php bin/console doctrine:database:drop --force --if-exists', 'confirm', 'doctrine:database:drop', 'orm:doctrine');
		t('php bin/console doctrine:database:drop', 'allow');
		t('php bin/console doctrine:schema:update --force --env=prod', 'confirm', 'doctrine:schema:update');
		t('node ace migration:rollback --batch=0', 'confirm', 'migration:rollback', 'orm:adonis');
		t('node ace migration:rollback', 'allow');
		t('diesel migration revert --all', 'confirm', 'revert', 'orm:rust-tools');
		t('diesel migration revert', 'allow');
		t('atlas schema clean --url "postgres://localhost:5432/app?sslmode=disable"', 'confirm', 'clean', 'orm:schema-cli');
		t('sqitch revert', 'confirm', 'revert');
		t('sqitch revert prod widgets', 'allow');
		t('hasura migrate apply --down 1 --database-name default', 'allow');
	});

	describe('CMS tools', () => {
		t('wp db reset --yes', 'confirm', 'reset', 'orm:cms-database');
		t('lando wp db drop --yes', 'confirm', 'drop');
		t('wp site empty --yes', 'confirm', 'empty');
		t('drush sql:drop -y', 'confirm', 'sql:drop');
		t('ddev drush site:install -y', 'confirm', 'site:install');
		t('wp db export backup.sql', 'allow');
		t('drush sql:dump --result-file=backup.sql', 'allow');
		t('ddev describe', 'allow');
	});

	describe('bulk deletes through an ORM', () => {
		t('rails runner "User.delete_all"', 'confirm', 'User', 'orm:bulk-delete');
		t("bin/rails runner 'Session.unscoped.destroy_all'", 'confirm', 'Session');
		t('echo "Order.delete_all" | rails console', 'confirm', 'Order');
		t('python manage.py shell -c "from shop.models import Cart; Cart.objects.all().delete()"', 'confirm', 'Cart');
		t("rails runner 'ActiveRecord::Base.connection.execute(\"TRUNCATE users\")'", 'confirm', 'users');
		t('rails runner "User.where(banned: true).delete_all"', 'allow');
		t('python manage.py shell -c "User.objects.filter(is_active=False).delete()"', 'allow');
		t('rails runner "puts User.count"', 'allow');
	});
});
