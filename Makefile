# make: install dependencies and build. See README.md for the rest.
.PHONY: all build install uninstall test demo clean

# Where `npm install -g` puts commands.
NPM_BIN = $(shell npm prefix -g 2>/dev/null)/bin

all: node_modules build

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

build: node_modules
	npm run build

# npm links the global `after` to this folder, so it runs this checkout's dist/ (rebuild with `make`).
install: build
	npm install -g . --no-audit --no-fund
	@command -v after >/dev/null 2>&1 || echo "make install: $(NPM_BIN) is not on your PATH; add it to run after by name"
	@"$(NPM_BIN)/after" setup || { \
	  echo "make install: after is installed, but 'after setup' failed (the line above says why)."; \
	  echo "  With no database running, start one: 'after db -b' (in the background) or 'after db' in another terminal,"; \
	  echo "  or point config.json or AFTER_COUCH_URL at your CouchDB; then run 'after setup'."; }

uninstall:
	npm uninstall -g after --no-audit --no-fund

test: node_modules
	npm test

demo: node_modules
	npm run demo

clean:
	rm -rf dist
