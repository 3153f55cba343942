CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, email TEXT UNIQUE, total REAL);
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE __new_orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total REAL);
DROP TABLE orders;
ALTER TABLE __new_orders RENAME TO orders;
CREATE INDEX idx_orders_customer ON orders (customer_id, total);
