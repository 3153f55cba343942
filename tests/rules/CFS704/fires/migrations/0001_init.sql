CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total REAL);
CREATE INDEX idx_orders_total ON orders (total);
