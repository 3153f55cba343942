CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL);
CREATE INDEX idx_orders_customer ON orders (customer);
