# make: install dependencies and build. See README.md for the rest.
.PHONY: all build test demo clean

all: node_modules build

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

build: node_modules
	npm run build

test: node_modules
	npm test

demo: node_modules
	npm run demo

clean:
	rm -rf dist
